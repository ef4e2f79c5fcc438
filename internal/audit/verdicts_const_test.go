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
	const tlsconf = "internal/tlsconf/tlsconf.go"
	runCheckCases(t, []checkCase{
		{
			name:    "MinVersion a constant of the package equal to TLS 1.0",
			files:   constService("MinVersion: legacyMin", "const legacyMin = tls.VersionTLS10"),
			check:   "mtls",
			want:    Fail,
			message: "MinVersion is legacyMin (tls.VersionTLS10) in a served TLS configuration",
		},
		{
			name:    "MinVersion a constant of another package of the program equal to TLS 1.1",
			files:   constService("MinVersion: tlsconf.MinVersion", "", tlsconf, "package tlsconf\n\nimport \"crypto/tls\"\n\n// MinVersion is the oldest version accepted.\nconst MinVersion = tls.VersionTLS11\n"),
			check:   "mtls",
			want:    Fail,
			message: "MinVersion is tlsconf.MinVersion (tls.VersionTLS11)",
		},
		{
			name:    "MinVersion a typed constant of a const block with iota",
			files:   constService("MinVersion: legacyMin", "const (\n\tssl uint16 = 0x0300 + iota\n\ttls10\n\tlegacyMin\n)"),
			check:   "mtls",
			want:    Fail,
			message: "MinVersion is legacyMin (tls.VersionTLS11)",
		},
		{
			name:    "MinVersion a constant of the package equal to TLS 1.2",
			files:   constService("MinVersion: modernMin", "const modernMin = tls.VersionTLS12"),
			check:   "mtls",
			want:    Pass,
			message: "client certificates are required and verified",
		},
		{
			name:    "MaxVersion below TLS 1.2 in a module whose go line is below 1.22",
			files:   withGoMod(constService("MaxVersion: tls.VersionTLS11", ""), "module example.test/c\n\ngo 1.21\n"),
			check:   "mtls",
			want:    Fail,
			message: "MaxVersion is tls.VersionTLS11 in a served TLS configuration: every handshake is TLS 1.1 or older",
		},
		{
			name:    "MaxVersion below the default minimum TLS 1.2 fails every handshake",
			files:   constService("MaxVersion: tls.VersionTLS11", ""),
			check:   "mtls",
			want:    Fail,
			message: "MaxVersion is tls.VersionTLS11 in a served TLS configuration, below the server's minimum version",
		},
		{
			name:    "MaxVersion TLS 1.3",
			files:   constService("MinVersion: tls.VersionTLS12, MaxVersion: tls.VersionTLS13", ""),
			check:   "mtls",
			want:    Pass,
			message: "client certificates are required and verified",
		},
		{
			name:    "ClientAuth a constant of another package equal to VerifyClientCertIfGiven",
			files:   constService("ClientAuth: tlsconf.ClientAuth, MinVersion: tls.VersionTLS12", "", tlsconf, "package tlsconf\n\nimport \"crypto/tls\"\n\n// ClientAuth is the client-certificate mode.\nconst ClientAuth = tls.VerifyClientCertIfGiven\n"),
			check:   "mtls",
			want:    Fail,
			message: "ClientAuth is tls.VerifyClientCertIfGiven: client certificates are not both required and verified",
		},
		{
			name:    "ClientAuth a constant of another package equal to RequireAndVerifyClientCert",
			files:   constService("ClientAuth: tlsconf.ClientAuth, MinVersion: tls.VersionTLS12", "", tlsconf, "package tlsconf\n\nimport \"crypto/tls\"\n\n// ClientAuth is the client-certificate mode.\nconst ClientAuth = tls.RequireAndVerifyClientCert\n"),
			check:   "mtls",
			want:    Pass,
			message: "client certificates are required and verified",
		},
		{
			name:    "ClientAuth a conversion of the number of RequireAndVerifyClientCert",
			files:   constService("ClientAuth: tls.ClientAuthType(4), MinVersion: tls.VersionTLS12", ""),
			check:   "mtls",
			want:    Pass,
			message: "client certificates are required and verified",
		},
		{
			name:    "ClientAuth a conversion of the number of RequestClientCert",
			files:   constService("ClientAuth: tls.ClientAuthType(1), MinVersion: tls.VersionTLS12", ""),
			check:   "mtls",
			want:    Fail,
			message: "ClientAuth is tls.RequestClientCert",
		},
		{
			name:    "ClientAuth from a variable this audit cannot evaluate",
			files:   constService("ClientAuth: mode, MinVersion: tls.VersionTLS12", "var mode = clientAuth()\n\nfunc clientAuth() tls.ClientAuthType { return tls.ClientAuthType(len(os.Args)) }"),
			check:   "mtls",
			want:    Unknown,
			message: "ClientAuth is set to a value this audit cannot evaluate",
		},
		{
			name:    "ClientCAs the system roots with the own CA appended",
			files:   constService("MinVersion: tls.VersionTLS12", "", "pool.go", "package main\n\nimport \"crypto/x509\"\n\nfunc newPool() *x509.CertPool {\n\tp, _ := x509.SystemCertPool()\n\treturn p\n}\n"),
			check:   "mtls",
			want:    Fail,
			message: "ClientCAs is built from x509.SystemCertPool()",
		},
		{
			name:    "ClientCAs the system roots through a variable",
			files:   constService("MinVersion: tls.VersionTLS12", "", "pool.go", "package main\n\nimport \"crypto/x509\"\n\nfunc newPool() *x509.CertPool {\n\tp, err := x509.SystemCertPool()\n\tif err != nil {\n\t\tp = x509.NewCertPool()\n\t}\n\tp.AppendCertsFromPEM(nil)\n\treturn p\n}\n"),
			check:   "mtls",
			want:    Fail,
			message: "ClientCAs is built from x509.SystemCertPool()",
		},
		{
			name:    "ClientCAs a new pool built by a function of the program",
			files:   constService("MinVersion: tls.VersionTLS12", "", "pool.go", "package main\n\nimport \"crypto/x509\"\n\nfunc newPool() *x509.CertPool {\n\tp := x509.NewCertPool()\n\tp.AppendCertsFromPEM(nil)\n\treturn p\n}\n"),
			check:   "mtls",
			want:    Pass,
			message: "client certificates are required and verified",
		},
		{
			name:    "no MinVersion in a module whose go line is below 1.22",
			files:   withGoMod(constService("", ""), "module example.test/c\n\ngo 1.21\n"),
			check:   "mtls",
			want:    Fail,
			message: "no MinVersion and the go line of go.mod is 1.21, below 1.22: the default server minimum of this build is TLS 1.0",
		},
		{
			name:    "no MinVersion in a module without a go line",
			files:   withGoMod(constService("", ""), "module example.test/c\n"),
			check:   "mtls",
			want:    Fail,
			message: "no MinVersion and go.mod has no go line, so go 1.16 is assumed",
		},
		{
			name:    "no MinVersion in a GOPATH-era repository without go.mod",
			files:   withoutFile(withFile(constService("", ""), "Dockerfile", "FROM golang:1.12 AS build\nWORKDIR /go/src/example.test/c\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /svc .\nFROM scratch\nCOPY --from=build /svc /svc\nENTRYPOINT [\"/svc\"]\n"), "go.mod"),
			check:   "mtls",
			want:    Fail,
			message: "no MinVersion and there is no go.mod, so the build runs in GOPATH mode, where the go command assumes go 1.16: the default server minimum of this build is TLS 1.0",
		},
		{
			name:    "MinVersion TLS 1.2 in a GOPATH-era repository without go.mod",
			files:   withoutFile(constService("MinVersion: tls.VersionTLS12", ""), "go.mod"),
			check:   "mtls",
			want:    Pass,
			message: "client certificates are required and verified",
		},
		{
			name:    "no MinVersion in a repository without go.mod that Bazel builds",
			files:   withFile(withoutFile(constService("", ""), "go.mod"), "BUILD.bazel", "load(\"@rules_go//go:def.bzl\", \"go_binary\")\n\ngo_binary(\n    name = \"c\",\n    srcs = [\"main.go\"],\n)\n"),
			check:   "mtls",
			want:    Pass,
			message: "client certificates are required and verified",
		},
		{
			name:    "no MinVersion in a module whose go line is 1.22",
			files:   withGoMod(constService("", ""), "module example.test/c\n\ngo 1.22\n"),
			check:   "mtls",
			want:    Pass,
			message: "client certificates are required and verified",
		},
		{
			name:    "MinVersion TLS 1.2 in a module whose go line is below 1.22",
			files:   withGoMod(constService("MinVersion: tls.VersionTLS12", ""), "module example.test/c\n\ngo 1.21\n"),
			check:   "mtls",
			want:    Pass,
			message: "client certificates are required and verified",
		},
		{
			name:    "no MinVersion with godebug tls10server=1 in go.mod",
			files:   withGoMod(constService("", ""), "module example.test/c\n\ngo 1.26\n\ngodebug tls10server=1\n"),
			check:   "mtls",
			want:    Fail,
			message: "no MinVersion and godebug tls10server=1",
		},
		{
			name:    "no MinVersion with godebug default=go1.21 in go.mod",
			files:   withGoMod(constService("", ""), "module example.test/c\n\ngo 1.26\n\ngodebug default=go1.21\n"),
			check:   "mtls",
			want:    Fail,
			message: "no MinVersion and godebug default=go1.21",
		},
		{
			name:    "no MinVersion with a //go:debug tls10server=1 directive in the main package",
			files:   withMain(constService("", ""), func(src string) string { return "//go:debug tls10server=1\n\n" + src }),
			check:   "mtls",
			want:    Fail,
			message: "no MinVersion and //go:debug tls10server=1",
		},
		{
			name:    "no MinVersion with GODEBUG=tls10server=1 in the image",
			files:   withFile(constService("", ""), "Dockerfile", "FROM golang:1.26 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/svc .\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/svc /svc\nENV GODEBUG=tls10server=1\nENTRYPOINT [\"/svc\"]\n"),
			check:   "mtls",
			want:    Fail,
			message: "no MinVersion and GODEBUG=tls10server=1",
		},
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

// TestAdminAddrVerdicts audits an admin server that serves pprof without a token,
// whose address is a named constant or is assigned after the literal.
func TestAdminAddrVerdicts(t *testing.T) {
	const loopback = "pprof is served on a separate loopback listener without authentication"
	const open = "pprof is served on a separate listener without authentication"
	runCheckCases(t, []checkCase{
		{
			name:    "Addr a constant of another package naming loopback",
			files:   adminService("config.AdminAddr", "", "internal/config/config.go", "package config\n\n// AdminAddr is where the admin server listens.\nconst AdminAddr = \"127.0.0.1:\" + adminPort\n\nconst adminPort = \"6060\"\n"),
			check:   "pprof",
			want:    Warn,
			message: loopback,
		},
		{
			name:    "Addr a constant of the package naming all interfaces",
			files:   adminService("adminAddr", "const adminAddr = \":6060\""),
			check:   "pprof",
			want:    Fail,
			message: open,
		},
		{
			name:    "Addr loopback in the literal, then assigned all interfaces",
			files:   adminService(`"127.0.0.1:6060"`, "", "main.go", "s/go admin.ListenAndServe()/admin.Addr = \":6060\"\n\tgo admin.ListenAndServe()/"),
			check:   "pprof",
			want:    Fail,
			message: open,
		},
		{
			name:    "Addr loopback in the literal, then assigned a flag's value",
			files:   adminService(`"127.0.0.1:6060"`, "var addrFlag = flag.String(\"admin-addr\", \":6060\", \"admin address\")", "main.go", "s/go admin.ListenAndServe()/admin.Addr = *addrFlag\n\tgo admin.ListenAndServe()/"),
			check:   "pprof",
			want:    Fail,
			message: open,
		},
		{
			name:    "Addr all interfaces in the literal, then assigned loopback",
			files:   adminService(`":6060"`, "", "main.go", "s/go admin.ListenAndServe()/admin.Addr = \"localhost:6060\"\n\tgo admin.ListenAndServe()/"),
			check:   "pprof",
			want:    Warn,
			message: loopback,
		},
		{
			name:    "Addr loopback in the literal, assigned all interfaces under a condition",
			files:   adminService(`"127.0.0.1:6060"`, "", "main.go", "s/go admin.ListenAndServe()/if len(os.Args) > 1 {\n\t\tadmin.Addr = \":6060\"\n\t}\n\tgo admin.ListenAndServe()/"),
			check:   "pprof",
			want:    Fail,
			message: open,
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

// adminService returns a service whose public server serves the API and whose
// admin server, at addr, serves pprof without a token; decls and more as for
// constService.
func adminService(addr, decls string, more ...string) map[string]string {
	src := `package main

import (
	"context"
	"example.test/c/internal/config"
	"flag"
	"log"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	flag.Parse()
	mux := http.NewServeMux()
	mux.HandleFunc("/api/items", func(w http.ResponseWriter, r *http.Request) {})
	srv := &http.Server{Addr: ":8080", Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	am := http.NewServeMux()
	am.HandleFunc("/debug/pprof/", pprof.Index)
	admin := &http.Server{Addr: ` + addr + `, Handler: am, ReadHeaderTimeout: 5 * time.Second}
	go admin.ListenAndServe()
	go func() {
		if err := srv.ListenAndServe(); err != nil && err != http.ErrServerClosed {
			log.Fatal(err)
		}
	}()
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = srv.Shutdown(sctx)
	_ = admin.Shutdown(sctx)
}

var (
	_ = config.Name
	_ = os.Args
)

` + decls + "\n"
	return withMore(map[string]string{
		"go.mod":                  "module example.test/c\n\ngo 1.26\n",
		"internal/config/name.go": "package config\n\n// Name names the package.\nconst Name = \"config\"\n",
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

// withoutFile returns files without name.
func withoutFile(files map[string]string, name string) map[string]string {
	delete(files, name)
	return files
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
