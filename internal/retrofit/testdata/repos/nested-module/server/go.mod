module example.com/fixtures/monorepo/server

go 1.25
