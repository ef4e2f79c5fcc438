module example.com/fixtures/inventory

go 1.26
