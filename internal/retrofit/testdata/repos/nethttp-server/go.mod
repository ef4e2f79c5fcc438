module example.com/fixtures/notes

go 1.24
