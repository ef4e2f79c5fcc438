module example.com/fixtures/ginroot

go 1.26

require github.com/gin-gonic/gin v1.10.0
