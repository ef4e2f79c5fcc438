module example.test/k

go 1.21
