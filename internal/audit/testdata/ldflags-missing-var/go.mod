module example.test/i

go 1.26
