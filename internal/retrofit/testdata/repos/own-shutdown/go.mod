module example.com/fixtures/ownshutdown

go 1.26
