module example.test/mono

go 1.26

require github.com/gin-gonic/gin v1.12.0
