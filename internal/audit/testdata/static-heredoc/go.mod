module example.test/heredoc

go 1.26
