module example.test/a

go 1.26
