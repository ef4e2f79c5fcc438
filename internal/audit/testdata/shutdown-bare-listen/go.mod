module example.test/e

go 1.26
