package audit

import (
	"maps"
	"testing"
)

// TestBuildConstraintVerdicts audits services whose files carry build constraints:
// audit reads them as a linux/amd64 build without -tags does. A file only other
// platforms build is left out; a file only a build tag brings in neither names its
// package nor, where another file declares the same name, decides what the name is.
func TestBuildConstraintVerdicts(t *testing.T) {
	runCheckCases(t, []checkCase{
		{
			name:    "pprof: a generate-tagged package main beside the router package does not hide it",
			files:   taggedRouterFiles(),
			check:   "pprof",
			want:    Fail,
			message: "pprof is served on the public listener",
		},
		{
			name: "pprof: a tools-tagged file of package tools sorted before main.go does not hide the service",
			files: map[string]string{
				"go.mod":  "module example.test/svc\n\ngo 1.26\n",
				"deps.go": "//go:build tools\n\npackage tools\n",
				"main.go": "package main\n\nimport (\n\t\"log\"\n\t\"net/http\"\n\t_ \"net/http/pprof\"\n)\n\nfunc main() {\n\tlog.Fatal(http.ListenAndServe(\":8080\", nil))\n}\n",
			},
			check:   "pprof",
			want:    Fail,
			message: "the blank import of net/http/pprof registers on http.DefaultServeMux, which the public server serves",
		},
		{
			name:    "mtls: the tls.Config of the linux file is read, not the one of the !linux file sorted after it",
			files:   platformTLSFiles(map[string]string{"tls_linux.go": tlsConfigFile("//go:build linux", "ClientAuth: tls.VerifyClientCertIfGiven, MinVersion: tls.VersionTLS12"), "tls_other.go": tlsConfigFile("//go:build !linux", "ClientAuth: tls.RequireAndVerifyClientCert, MinVersion: tls.VersionTLS12")}),
			check:   "mtls",
			want:    Fail,
			message: "VerifyClientCertIfGiven",
		},
		{
			name:    "mtls: the tls.Config of a _linux.go file is read, not the one of a _windows.go file",
			files:   platformTLSFiles(map[string]string{"tls_linux.go": tlsConfigFile("", "ClientAuth: tls.VerifyClientCertIfGiven, MinVersion: tls.VersionTLS12"), "tls_windows.go": tlsConfigFile("", "ClientAuth: tls.RequireAndVerifyClientCert, MinVersion: tls.VersionTLS12")}),
			check:   "mtls",
			want:    Fail,
			message: "VerifyClientCertIfGiven",
		},
		{
			name:    "mtls: the strong linux variant is taken though the !linux one is weak",
			files:   platformTLSFiles(map[string]string{"tls_linux.go": tlsConfigFile("//go:build linux", "ClientAuth: tls.RequireAndVerifyClientCert, MinVersion: tls.VersionTLS12"), "tls_other.go": tlsConfigFile("//go:build !linux", "ClientAuth: tls.VerifyClientCertIfGiven, MinVersion: tls.VersionTLS12")}),
			check:   "mtls",
			want:    Warn,
			message: fixedPool,
		},
		{
			name: "mtls: a MinVersion constant declared per platform is the linux one's",
			files: platformTLSFiles(map[string]string{
				"tls.go":       tlsConfigFile("", "ClientAuth: tls.RequireAndVerifyClientCert, MinVersion: minTLS"),
				"min_linux.go": "//go:build linux\n\npackage main\n\nimport \"crypto/tls\"\n\nconst minTLS = tls.VersionTLS10\n",
				"min_other.go": "//go:build !linux\n\npackage main\n\nimport \"crypto/tls\"\n\nconst minTLS = tls.VersionTLS13\n",
			}),
			check:   "mtls",
			want:    Fail,
			message: "TLS 1.0",
		},
		{
			name: "mtls: a ClientAuth constant declared per platform is the linux one's",
			files: platformTLSFiles(map[string]string{
				"tls.go":      tlsConfigFile("", "ClientAuth: clientAuth, MinVersion: tls.VersionTLS12"),
				"ca_linux.go": "//go:build linux\n\npackage main\n\nimport \"crypto/tls\"\n\nconst clientAuth = tls.VerifyClientCertIfGiven\n",
				"ca_other.go": "//go:build !linux\n\npackage main\n\nimport \"crypto/tls\"\n\nconst clientAuth = tls.RequireAndVerifyClientCert\n",
			}),
			check:   "mtls",
			want:    Fail,
			message: "VerifyClientCertIfGiven",
		},
		{
			name: "mtls: a constant a build without tags declares wins over the tagged one sorted after it",
			files: platformTLSFiles(map[string]string{
				"tls.go":         tlsConfigFile("", "ClientAuth: tls.RequireAndVerifyClientCert, MinVersion: minTLS"),
				"min_default.go": "//go:build !fips\n\npackage main\n\nimport \"crypto/tls\"\n\nconst minTLS = tls.VersionTLS10\n",
				"min_fips.go":    "//go:build fips\n\npackage main\n\nimport \"crypto/tls\"\n\nconst minTLS = tls.VersionTLS13\n",
			}),
			check:   "mtls",
			want:    Fail,
			message: "TLS 1.0",
		},
		{
			name:    "mtls: a function a build without tags declares wins over the tagged one sorted after it",
			files:   platformTLSFiles(map[string]string{"tls_default.go": tlsConfigFile("//go:build !strict", "ClientAuth: tls.VerifyClientCertIfGiven, MinVersion: tls.VersionTLS12"), "tls_strict.go": tlsConfigFile("//go:build strict", "ClientAuth: tls.RequireAndVerifyClientCert, MinVersion: tls.VersionTLS12")}),
			check:   "mtls",
			want:    Fail,
			message: "VerifyClientCertIfGiven",
		},
		{
			name:    "mtls: a weaker function only a build tag brings in does not replace the one a build without tags compiles",
			files:   platformTLSFiles(map[string]string{"tls_default.go": tlsConfigFile("//go:build !legacy", "ClientAuth: tls.RequireAndVerifyClientCert, MinVersion: tls.VersionTLS12"), "tls_legacy.go": tlsConfigFile("//go:build legacy", "ClientAuth: tls.VerifyClientCertIfGiven, MinVersion: tls.VersionTLS10")}),
			check:   "mtls",
			want:    Warn,
			message: fixedPool,
		},
		{
			name:    "shutdown: the signal list of signals_unix.go is read, not the one of signals_windows.go",
			files:   signalListFiles(map[string]string{"signals_unix.go": signalListFile("//go:build unix", "os.Interrupt, syscall.SIGTERM"), "signals_windows.go": signalListFile("//go:build windows", "os.Interrupt")}),
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught",
		},
		{
			name:    "shutdown: the signal list of a tagged file does not replace the one a build without tags compiles",
			files:   signalListFiles(map[string]string{"signals.go": signalListFile("//go:build !debug", "os.Interrupt, syscall.SIGTERM"), "signals_debug.go": signalListFile("//go:build debug", "os.Interrupt")}),
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught",
		},
		{
			name:    "shutdown: a signal variable of a tagged file does not replace the one a build without tags compiles",
			files:   signalListFiles(map[string]string{"signals.go": signalVarFile("//go:build !debug", "os.Interrupt"), "signals_debug.go": signalVarFile("//go:build debug", "os.Interrupt, syscall.SIGTERM")}),
			check:   "shutdown",
			want:    Fail,
			message: "only os.Interrupt (SIGINT) is caught",
		},
		{
			name:    "shutdown: a signal variable of signals_unix.go is read, not the one of signals_windows.go",
			files:   signalListFiles(map[string]string{"signals_unix.go": signalVarFile("", "os.Interrupt"), "signals_windows.go": signalVarFile("", "os.Interrupt, syscall.SIGTERM")}),
			check:   "shutdown",
			want:    Fail,
			message: "only os.Interrupt (SIGINT) is caught",
		},
		{
			name:    "shutdown: the linux file's signal list without SIGTERM fails, whatever the windows file's",
			files:   signalListFiles(map[string]string{"signals_linux.go": signalListFile("", "os.Interrupt"), "signals_windows.go": signalListFile("", "os.Interrupt, syscall.SIGTERM")}),
			check:   "shutdown",
			want:    Fail,
			message: "only os.Interrupt (SIGINT) is caught",
		},
	})
}

// taggedRouterFiles returns a service whose internal/server package mounts the
// profiles on the mux cmd/api serves, beside a generator of package main that only
// -tags generate builds.
func taggedRouterFiles() map[string]string {
	return map[string]string{
		"go.mod": "module example.test/shop\n\ngo 1.26\n",
		"cmd/api/main.go": `package main

import (
	"log"
	"net/http"
	"time"

	"example.test/shop/internal/server"
)

func main() {
	srv := &http.Server{Addr: ":8080", Handler: server.Routes(), ReadHeaderTimeout: 5 * time.Second}
	log.Fatal(srv.ListenAndServe())
}
`,
		"internal/server/server.go": `package server

import (
	"net/http"
	"net/http/pprof"
)

// Routes returns the public routes.
func Routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	return mux
}
`,
		"internal/server/embed_gen.go": "//go:build generate\n\n// Regenerates the assets: go run -tags generate embed_gen.go.\npackage main\n\nfunc main() {}\n",
	}
}

// fixedPool is the WARN of a verified client certificate whose CA pool
// platformTLSFiles' GetConfigForClient returns from base, built once.
const fixedPool = "client certificates are required and verified, but the client CA pool is fixed at start (GetConfigForClient returns a tls.Config built once and never replaced)"

// platformTLSFiles returns a service that serves the tls.Config tlsConfig returns
// through GetConfigForClient and watches its certificate's expiry, with files, which
// declare tlsConfig.
func platformTLSFiles(files map[string]string) map[string]string {
	out := mainFiles("example.test/app", `package main

import (
	"crypto/tls"
	"crypto/x509"
	"log"
	"net/http"
	"time"
)

var pool = x509.NewCertPool()

func watchExpiry(c *x509.Certificate) bool { return time.Until(c.NotAfter) < 72*time.Hour }

func main() {
	_ = watchExpiry
	base := tlsConfig()
	cfg := &tls.Config{GetConfigForClient: func(*tls.ClientHelloInfo) (*tls.Config, error) { return base, nil }}
	srv := &http.Server{Addr: ":8443", TLSConfig: cfg, ReadHeaderTimeout: 5 * time.Second}
	log.Fatal(srv.ListenAndServeTLS("/c/tls.crt", "/c/tls.key"))
}
`)
	maps.Copy(out, files)
	return out
}

// tlsConfigFile returns a file of package main, under constraint when not "",
// whose tlsConfig returns a tls.Config of fields and the CA pool.
func tlsConfigFile(constraint, fields string) string {
	head := ""
	if constraint != "" {
		head = constraint + "\n\n"
	}
	return head + "package main\n\nimport \"crypto/tls\"\n\nfunc tlsConfig() *tls.Config {\n\treturn &tls.Config{" + fields + ", ClientCAs: pool}\n}\n"
}

// signalListFiles returns a service that stops on the signals shutdownSignals returns,
// drains with a timeout and fails its readiness first, with files, which declare
// shutdownSignals.
func signalListFiles(files map[string]string) map[string]string {
	out := mainFiles("example.test/app", `package main

import (
	"context"
	"log"
	"net/http"
	"os/signal"
	"sync/atomic"
	"time"
)

func main() {
	var ready atomic.Bool
	ready.Store(true)
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(http.ResponseWriter, *http.Request) {})
	mux.HandleFunc("/readyz", func(w http.ResponseWriter, _ *http.Request) {
		if !ready.Load() {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	})
	ctx, stop := signal.NotifyContext(context.Background(), shutdownSignals()...)
	defer stop()
	srv := &http.Server{Addr: ":8080", Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := srv.ListenAndServe(); err != nil && err != http.ErrServerClosed {
			log.Fatal(err)
		}
	}()
	<-ctx.Done()
	ready.Store(false)
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = srv.Shutdown(sctx)
}
`)
	maps.Copy(out, files)
	return out
}

// signalListFile returns a file of package main, under constraint when not "",
// whose shutdownSignals returns signals.
func signalListFile(constraint, signals string) string {
	head := ""
	if constraint != "" {
		head = constraint + "\n\n"
	}
	return head + "package main\n\nimport (\n\t\"os\"\n\t\"syscall\"\n)\n\nvar _ = syscall.SIGTERM\n\nfunc shutdownSignals() []os.Signal { return []os.Signal{" + signals + "} }\n"
}

// signalVarFile returns a file of package main, under constraint when not "", whose
// package variable signals, which shutdownSignals returns, holds signals.
func signalVarFile(constraint, signals string) string {
	head := ""
	if constraint != "" {
		head = constraint + "\n\n"
	}
	return head + "package main\n\nimport (\n\t\"os\"\n\t\"syscall\"\n)\n\nvar _ = syscall.SIGTERM\n\nvar signals = []os.Signal{" + signals + "}\n\nfunc shutdownSignals() []os.Signal { return signals }\n"
}

// TestLDFlagsPlatformOfBuild checks that -X is judged against the files the build's
// own GOOS, GOARCH and CGO_ENABLED compile, by their names and constraints alike: a
// build for another platform than linux/amd64 reads that platform's files.
func TestLDFlagsPlatformOfBuild(t *testing.T) {
	const vars = "package main\n\nvar (\n\tVersion string\n\tCommit  string\n)\n"
	files := func(env, file, header string) map[string]string {
		return map[string]string{
			"go.mod":   "module example.test/app\n\ngo 1.26\n",
			"main.go":  "package main\n\nimport (\n\t\"net/http\"\n\t\"time\"\n)\n\n" + serveFunc,
			file:       header + vars,
			"Makefile": "build:\n\t" + env + " go build -ldflags \"-X main.Version=1 -X main.Commit=2\" -o bin/api .\n",
		}
	}
	const left = "which that build leaves out"
	runCheckCases(t, []checkCase{
		{name: "a darwin build, the variables in a _linux file", files: files("GOOS=darwin GOARCH=arm64", "version_linux.go", ""), check: "ldflags", want: Fail, message: left},
		{name: "a darwin build, the variables in a _darwin file", files: files("GOOS=darwin GOARCH=arm64", "version_darwin.go", ""), check: "ldflags", want: Pass},
		{name: "a darwin build, the variables behind //go:build linux", files: files("GOOS=darwin", "version.go", "//go:build linux\n\n"), check: "ldflags", want: Fail, message: "//go:build linux"},
		{name: "an arm64 build, the variables in a _darwin_arm64 file", files: files("GOARCH=arm64", "version_darwin_arm64.go", ""), check: "ldflags", want: Fail, message: left},
		{name: "a build for linux, the variables in a _darwin file", files: files("CGO_ENABLED=0", "version_darwin.go", ""), check: "ldflags", want: Fail, message: left},
		{name: "a build for a platform from a variable, the variables in a _darwin file", files: files("GOOS=$$TARGETOS", "version_darwin.go", ""), check: "ldflags", want: Pass},
		{name: "a build with cgo off, the variables behind //go:build cgo", files: files("CGO_ENABLED=0", "version.go", "//go:build cgo\n\n"), check: "ldflags", want: Fail, message: "//go:build cgo"},
		{name: "a build with cgo on, the variables behind //go:build cgo", files: files("CGO_ENABLED=1", "version.go", "//go:build cgo\n\n"), check: "ldflags", want: Pass},
		{name: "a build of this toolchain, the variables behind a release tag", files: files("CGO_ENABLED=0", "version.go", "//go:build go1.21\n\n"), check: "ldflags", want: Pass},
	})
}
