module example.com/fixtures/legacy

go 1.19
