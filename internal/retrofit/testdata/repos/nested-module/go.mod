module example.com/fixtures/monorepo

go 1.25
