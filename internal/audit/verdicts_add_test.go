package audit

import (
	"strings"
	"testing"
)

// TestVerdictsOnAddShapes audits repositories shaped as gonew-prod add leaves them
// (a program's own main.go next to a file of serve helpers that hand the server on
// from function to function) and checks one check's status and a part of its
// message.
func TestVerdictsOnAddShapes(t *testing.T) {
	tests := []struct {
		name    string
		files   map[string]string
		check   string
		want    Status
		message string // a part of the expected message
	}{
		{
			name:    "timeouts: the server is handed through functions to one that fills a zero ReadHeaderTimeout",
			files:   limitsFiles("if srv.ReadHeaderTimeout == 0 && srv.ReadTimeout == 0 {\n\t\tsrv.ReadHeaderTimeout = 5 * time.Second\n\t}"),
			check:   "timeouts",
			want:    Pass,
			message: "every server sets a read timeout",
		},
		{
			name:    "timeouts: the functions it is handed to set other limits only",
			files:   limitsFiles("if srv.IdleTimeout == 0 {\n\t\tsrv.IdleTimeout = time.Minute\n\t}"),
			check:   "timeouts",
			want:    Fail,
			message: "an http.Server without ReadHeaderTimeout or ReadTimeout",
		},
		{
			name:    "timeouts: the functions it is handed to set ReadTimeout to zero",
			files:   limitsFiles("srv.ReadTimeout = 0"),
			check:   "timeouts",
			want:    Fail,
			message: "an http.Server without ReadHeaderTimeout or ReadTimeout",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := auditInline(t, tt.files, tt.check)
			if got.Status != tt.want || !strings.Contains(got.Message, tt.message) {
				t.Errorf("%s: %s %q, want %s with %q", tt.check, got.Status, got.Message, tt.want, tt.message)
			}
		})
	}
}

// limitsFiles returns a service whose http.Server literal sets no timeout, served
// as add --wire serves one: handed to serveServerThenExit, which hands it to
// serveServer, to run and to limits, whose body is limits.
func limitsFiles(limits string) map[string]string {
	files := mainFiles("example.test/w", `package main

import (
	"log"
	"net/http"
)

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {})
	s := &http.Server{Addr: ":8080", Handler: mux}
	log.Fatal(serveServerThenExit(s))
}
`)
	files["serve.go"] = `package main

import (
	"context"
	"net/http"
	"os"
	"time"
)

func serveServerThenExit(srv *http.Server) error {
	if err := serveServer(srv); err != nil {
		os.Exit(1)
	}
	os.Exit(0)
	return nil
}

func serveServer(srv *http.Server) error {
	return run(context.Background(), srv)
}

func run(ctx context.Context, srv *http.Server) error {
	limits(srv)
	go func() {
		<-ctx.Done()
		_ = srv.Shutdown(context.Background())
	}()
	return srv.ListenAndServe()
}

func limits(srv *http.Server) {
	_ = time.Second
	` + limits + `
}
`
	return files
}
