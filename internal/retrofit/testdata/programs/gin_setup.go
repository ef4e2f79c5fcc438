package main

import "github.com/gin-gonic/gin"

func setupRouter() *gin.Engine {
	engine := gin.Default()
	engine.GET("/ping", func(c *gin.Context) { c.String(200, "pong") })
	return engine
}

func main() {
	admin := gin.New()
	admin.GET("/debug", func(c *gin.Context) { c.String(200, "ok") })
	r := setupRouter()
	if err := r.Run(":8080"); err != nil {
		panic(err)
	}
}
