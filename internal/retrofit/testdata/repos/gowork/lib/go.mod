module example.com/fixtures/work/lib

go 1.25
