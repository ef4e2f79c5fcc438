package main

import (
	"fmt"
	"net/http"
	"time"
)

const version = "dev"

var buildCommit string

func main() {
	fmt.Println(version, buildCommit)
	srv := &http.Server{Addr: ":8080", ReadHeaderTimeout: time.Second}
	srv.ListenAndServe()
}
