package audit

import (
	"strings"
	"testing"
)

// TestConstantVerdicts audits services whose TLS versions, client-auth modes,
// timeouts and listen addresses are named constants of the program, in the package
// that uses them or in another one, and services whose TLS settings are weak by
// other means than a literal: a maximum version, the module's default minimum, the
// system roots among the client CAs.
func TestConstantVerdicts(t *testing.T) {
	runCheckCases(t, []checkCase{
		{
			name:    "a read timeout a constant of the package equal to zero",
			files:   constService("MinVersion: tls.VersionTLS12", "const noLimit = 0", "main.go", "s/ReadHeaderTimeout: 5 * time.Second/ReadHeaderTimeout: noLimit/"),
			check:   "timeouts",
			want:    Fail,
			message: "an http.Server whose ReadHeaderTimeout or ReadTimeout is zero or negative",
		},
		{
			name:    "a read timeout a typed constant of another package equal to zero",
			files:   constService("MinVersion: tls.VersionTLS12", "", "internal/conf/conf.go", "package conf\n\nimport \"time\"\n\n// ReadHeaderTimeout 0 is no limit.\nconst ReadHeaderTimeout time.Duration = 0\n", "main.go", "s/ReadHeaderTimeout: 5 * time.Second/ReadHeaderTimeout: conf.ReadHeaderTimeout/"),
			check:   "timeouts",
			want:    Fail,
			message: "zero or negative",
		},
		{
			name:    "a read timeout a constant of the package equal to five seconds",
			files:   constService("MinVersion: tls.VersionTLS12", "const readLimit = 5 * time.Second", "main.go", "s/ReadHeaderTimeout: 5 * time.Second/ReadHeaderTimeout: readLimit/"),
			check:   "timeouts",
			want:    Pass,
			message: "every server sets a read timeout",
		},
		{
			name:    "a drain timeout a constant of the package equal to zero",
			files:   constService("MinVersion: tls.VersionTLS12", "const drainTimeout = 0 * time.Second", "main.go", "s/10*time.Second/drainTimeout/"),
			check:   "shutdown",
			want:    Fail,
			message: "Shutdown's context is already over",
		},
		{
			name:    "a drain timeout a local constant equal to ten seconds",
			files:   constService("MinVersion: tls.VersionTLS12", "", "main.go", "s/10*time.Second/drainTimeout/", "main.go", "s/<-ctx.Done()/<-ctx.Done()\n\tconst drainTimeout = 10 * time.Second/"),
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught",
		},
	})
}

// constService returns an mTLS service (client certificates required, CA pool per
// handshake, expiry watched) whose tls.Config literal holds fields besides
// ClientAuth and ClientCAs (ClientAuth too when fields sets it), with decls after
// func main, and more: pairs of a file name and its content, or of main.go and a
// sed-like s/old/new/ edit of it.
func constService(fields, decls string, more ...string) map[string]string {
	auth := "ClientAuth: tls.RequireAndVerifyClientCert, "
	if strings.Contains(fields, "ClientAuth") {
		auth = ""
	}
	if fields != "" {
		fields += ", "
	}
	pool := "x509.NewCertPool()"
	for i := 0; i+1 < len(more); i += 2 {
		if more[i] == "pool.go" {
			pool = "newPool()"
		}
	}
	src := `package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"example.test/c/internal/conf"
	"example.test/c/internal/tlsconf"
	"flag"
	"log"
	"net/http"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"
)

var ready atomic.Bool

func main() {
	cfg := &tls.Config{` + auth + `ClientCAs: ` + pool + `, ` + fields + `
		GetConfigForClient: func(*tls.ClientHelloInfo) (*tls.Config, error) { return nil, nil },
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {})
	mux.HandleFunc("/readyz", func(w http.ResponseWriter, r *http.Request) {
		if !ready.Load() {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	})
	srv := &http.Server{Addr: ":8443", Handler: mux, TLSConfig: cfg, ReadHeaderTimeout: 5 * time.Second}
	ready.Store(true)
	go func() {
		if err := srv.ListenAndServeTLS("tls.crt", "tls.key"); err != nil && err != http.ErrServerClosed {
			log.Fatal(err)
		}
	}()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	ready.Store(false)
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = srv.Shutdown(sctx)
}

func expiring(c *x509.Certificate) bool { return time.Until(c.NotAfter) < 72*time.Hour }

var (
	_ = expiring
	_ = flag.Parse
	_ = conf.Name
	_ = tlsconf.Name
)

` + decls + "\n"
	return withMore(map[string]string{
		"go.mod":                   "module example.test/c\n\ngo 1.26\n",
		"internal/conf/name.go":    "package conf\n\n// Name names the package.\nconst Name = \"conf\"\n",
		"internal/tlsconf/name.go": "package tlsconf\n\n// Name names the package.\nconst Name = \"tlsconf\"\n",
	}, src, more)
}

// withMore returns files with main.go set to src and more applied: pairs of a file
// name and its content, or of main.go and an s/old/new/ edit of src (the first
// old replaced, which must be there).
func withMore(files map[string]string, src string, more []string) map[string]string {
	for i := 0; i+1 < len(more); i += 2 {
		name, content := more[i], more[i+1]
		if name == "main.go" {
			old, repl, _ := strings.Cut(strings.TrimSuffix(strings.TrimPrefix(content, "s/"), "/"), "/")
			if !strings.Contains(src, old) {
				panic("main.go has no " + old + " to replace") // a fixture that tests nothing
			}
			src = strings.Replace(src, old, repl, 1)
			continue
		}
		files[name] = content
	}
	files["main.go"] = src
	return files
}

// withGoMod returns files with go.mod replaced.
func withGoMod(files map[string]string, gomod string) map[string]string {
	return withFile(files, "go.mod", gomod)
}

// withFile returns files with name set to content.
func withFile(files map[string]string, name, content string) map[string]string {
	files[name] = content
	return files
}

// withMain returns files with main.go rewritten by edit.
func withMain(files map[string]string, edit func(string) string) map[string]string {
	files["main.go"] = edit(files["main.go"])
	return files
}
