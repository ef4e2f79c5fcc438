module example.test/f

go 1.26

require go.uber.org/fx v1.24.0
