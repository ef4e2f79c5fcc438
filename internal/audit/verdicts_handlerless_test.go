package audit

import (
	"context"
	"testing"
)

// TestHandlerlessFramework reads the framework of main packages that serve through
// a server that serves no http.Handler (Fiber, fasthttp, Hertz): it is that server,
// whatever net/http import sits beside it for its status codes or an adaptor, and
// such a service serves no http.Handler for add's components to work around.
func TestHandlerlessFramework(t *testing.T) {
	const fiberMain = "package main\n\nimport (\n\t\"net/http\"\n\n\t\"github.com/gofiber/fiber/v2\"\n)\n\nfunc main() {\n\tapp := fiber.New()\n\tapp.Get(\"/healthz\", func(c *fiber.Ctx) error { return c.SendStatus(http.StatusOK) })\n\t_ = app.Listen(\":8080\")\n}\n"
	tests := []struct {
		name, main, framework string
		handler               bool
	}{
		{"Fiber beside net/http's status codes", fiberMain, "fiber", false},
		{"Fiber alone", "package main\n\nimport \"github.com/gofiber/fiber/v2\"\n\nfunc main() { _ = fiber.New().Listen(\":8080\") }\n", "fiber", false},
		{"fasthttp beside net/http", "package main\n\nimport (\n\t\"net/http\"\n\n\t\"github.com/valyala/fasthttp\"\n)\n\nfunc main() {\n\t_ = fasthttp.ListenAndServe(\":8080\", func(ctx *fasthttp.RequestCtx) { ctx.SetStatusCode(http.StatusOK) })\n}\n", "fasthttp", false},
		{"net/http", "package main\n\nimport \"net/http\"\n\nfunc main() { _ = http.ListenAndServe(\":8080\", nil) }\n", "net/http", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := openInline(t, map[string]string{"go.mod": "module example.test/f\n\ngo 1.26\n\nrequire (\n\tgithub.com/gofiber/fiber/v2 v2.52.5\n\tgithub.com/valyala/fasthttp v1.58.0\n)\n", "main.go": tt.main})
			rep, err := Run(context.Background(), r, Options{Only: []string{"timeouts"}})
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Mains) != 1 {
				t.Fatalf("mains %+v, want one", rep.Mains)
			}
			if m := rep.Mains[0]; !m.Service || m.Framework != tt.framework || m.ServesHandler() != tt.handler {
				t.Fatalf("main %+v, ServesHandler %v; want a service of framework %q, ServesHandler %v", m, m.ServesHandler(), tt.framework, tt.handler)
			}
		})
	}
}
