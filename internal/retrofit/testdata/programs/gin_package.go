package main

import "github.com/gin-gonic/gin"

var router = gin.Default()

func main() {
	router.GET("/ping", func(c *gin.Context) { c.String(200, "pong") })
	router.Run()
}
