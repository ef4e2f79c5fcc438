package main

import (
	"net/http"

	"go.uber.org/fx"
)

func newMux() *http.ServeMux { return http.NewServeMux() }

func main() {
	fx.New(fx.Provide(newMux), fx.Invoke(func(*http.ServeMux) {})).Run()
}
