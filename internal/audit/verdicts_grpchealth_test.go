package audit

import (
	"strings"
	"testing"
)

// grpcHealthMain returns a connect-go service whose health is connect-go's gRPC
// health service: decl declares checker (and what else it needs), mount registers
// it, before runs before the wait for SIGTERM, after once it is received (before
// Shutdown), late after Shutdown; extra is appended at package level.
func grpcHealthMain(decl, mount, before, after, late, extra string) map[string]string {
	return mainFiles("example.test/g", strings.NewReplacer("DECL", decl, "MOUNT", mount, "BEFORE", before, "AFTER", after, "LATE", late, "EXTRA", extra).Replace(`package main

import (
	"context"
	"errors"
	"log"
	"net/http"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"

	"connectrpc.com/grpchealth"
	"github.com/acme/healthx"
	"golang.org/x/net/http2"
	"golang.org/x/net/http2/h2c"
)

var (
	_ atomic.Bool
	_ = healthx.NewChecker
)

const service = "acme.orders.v1.OrderService"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	DECL
	mux := http.NewServeMux()
	MOUNT
	srv := &http.Server{Addr: ":8080", Handler: h2c.NewHandler(mux, &http2.Server{}), ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Fatal(err)
		}
	}()
	BEFORE
	<-ctx.Done()
	AFTER
	sctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	_ = srv.Shutdown(sctx)
	LATE
}
EXTRA
`))
}

// TestGRPCHealth: connect-go's grpchealth.NewHandler registered on the server's
// mux serves the gRPC health service (grpc.health.v1.Health), a health endpoint
// that Kubernetes grpc: probes call; it is the readiness that turns on shutdown when
// its checker answers NOT_SERVING once SIGTERM is received.
func TestGRPCHealth(t *testing.T) {
	const (
		static = `checker := grpchealth.NewStaticChecker(service)`
		mount  = `mux.Handle(grpchealth.NewHandler(checker))`
		setSvc = `checker.SetStatus(service, grpchealth.StatusNotServing)`
		setAll = `checker.SetStatus("", grpchealth.StatusNotServing)`
		custom = `checker := &flagChecker{}
	checker.ready.Store(true)`
		flagged = `
type flagChecker struct{ ready atomic.Bool }

func (c *flagChecker) Check(_ context.Context, _ *grpchealth.CheckRequest) (*grpchealth.CheckResponse, error) {
	if !c.ready.Load() {
		return &grpchealth.CheckResponse{Status: grpchealth.StatusNotServing}, nil
	}
	return &grpchealth.CheckResponse{Status: grpchealth.StatusServing}, nil
}
`
		owned = `
type ownChecker struct{ *grpchealth.StaticChecker }

func (c ownChecker) SetStatus(service string, s grpchealth.Status) {
	c.StaticChecker.SetStatus(service, s)
}
`
	)
	runCheckCases(t, []checkCase{
		{name: "health: NewHandler registered with Handle", files: grpcHealthMain(static, mount, "", setSvc, "", ""), check: "health", want: Pass, message: "health endpoints: /grpc.health.v1.Health/ (the gRPC health service)"},
		{name: "health: NewHandler's path and handler registered", files: grpcHealthMain(static, `path, h := grpchealth.NewHandler(checker)
	mux.Handle(path, h)`, "", setSvc, "", ""), check: "health", want: Pass, message: "/grpc.health.v1.Health/"},
		{name: "health: NewHandler built, never registered", files: grpcHealthMain(static, `_, _ = grpchealth.NewHandler(checker)`, "", setSvc, "", ""), check: "health", want: Warn, message: "no health or readiness endpoint"},
		{name: "health: NewHandler on DefaultServeMux, which no server serves", files: grpcHealthMain(static, `http.Handle(grpchealth.NewHandler(checker))`, "", setSvc, "", ""), check: "health", want: Warn, message: "/grpc.health.v1.Health/ registered on http.DefaultServeMux"},
		{name: "shutdown: StaticChecker set NOT_SERVING for a named service", files: grpcHealthMain(static, mount, "", setSvc, "", ""), check: "shutdown", want: Unknown, message: "set NOT_SERVING on shutdown for a named service only"},
		{name: "shutdown: StaticChecker set NOT_SERVING for service \"\"", files: grpcHealthMain(static, mount, "", setAll, "", ""), check: "shutdown", want: Warn, message: "only for service \"\", which grpchealth's StaticChecker ignores"},
		{name: "shutdown: StaticChecker never set NOT_SERVING", files: grpcHealthMain(static, mount, "", "", "", ""), check: "shutdown", want: Warn, message: "the gRPC health service (grpchealth.NewHandler) never answers NOT_SERVING"},
		{name: "shutdown: StaticChecker set NOT_SERVING only before the signal", files: grpcHealthMain(static, mount, setSvc+"\n\tchecker.SetStatus(service, grpchealth.StatusServing)", "", "", ""), check: "shutdown", want: Warn, message: "nothing in main's flow makes it do so once the signal is received"},
		{name: "shutdown: StaticChecker set NOT_SERVING after Shutdown", files: grpcHealthMain(static, mount, "", "", setSvc, ""), check: "shutdown", want: Warn, message: "only after Shutdown has closed the listeners"},
		{name: "shutdown: a Checker of the program's own whose flag turns on the signal", files: grpcHealthMain(custom, mount, "", `checker.ready.Store(false)`, "", flagged), check: "shutdown", want: Pass, message: "readiness (the gRPC health service) turns NOT_SERVING"},
		{name: "shutdown: a Checker of the program's own whose flag never turns", files: grpcHealthMain(custom, mount, "", "", "", flagged), check: "shutdown", want: Warn, message: "the gRPC health service can answer NOT_SERVING, but nothing"},
		{name: "shutdown: a checker of the program's own with SetStatus", files: grpcHealthMain(`checker := ownChecker{grpchealth.NewStaticChecker(service)}`, mount, "", setSvc, "", owned), check: "shutdown", want: Pass, message: "turns NOT_SERVING"},
		{name: "shutdown: StaticChecker of another name set", files: grpcHealthMain(static+"\n\tother := grpchealth.NewStaticChecker(service)", mount, "", `other.SetStatus(service, grpchealth.StatusNotServing)`, "", ""), check: "shutdown", want: Warn, message: "never answers NOT_SERVING"},
		{name: "shutdown: StaticChecker beside a SetStatus method of another type of the program", files: grpcHealthMain(static, mount, "", setSvc, "", "\ntype order struct{}\n\nfunc (order) SetStatus(string, grpchealth.Status) {}\n"), check: "shutdown", want: Unknown, message: "for a named service only"},
		{name: "shutdown: StaticChecker in a struct field", files: grpcHealthMain(`h := &probes{checker: grpchealth.NewStaticChecker(service)}`, `mux.Handle(grpchealth.NewHandler(h.checker))`, "", `h.checker.SetStatus(service, grpchealth.StatusNotServing)`, "", "\ntype probes struct{ checker *grpchealth.StaticChecker }\n"), check: "shutdown", want: Unknown, message: "for a named service only"},
		{name: "shutdown: a checker of another module set", files: grpcHealthMain(`checker := healthx.NewChecker()`, mount, "", setSvc, "", ""), check: "shutdown", want: Unknown, message: "by code this audit cannot tie to a checker"},
		{name: "shutdown: NOT_SERVING handed to a helper once the signal is received", files: grpcHealthMain(static, mount, "", `setAll(checker, grpchealth.StatusNotServing)`, "", "\nfunc setAll(c *grpchealth.StaticChecker, s grpchealth.Status) { c.SetStatus(service, s) }\n"), check: "shutdown", want: Unknown, message: "by code this audit cannot tie to a checker"},
		{name: "shutdown: NOT_SERVING handed to a helper before the signal only", files: grpcHealthMain(static, mount, `setAll(checker, grpchealth.StatusNotServing)`, "", "", "\nfunc setAll(c *grpchealth.StaticChecker, s grpchealth.Status) { c.SetStatus(service, s) }\n"), check: "shutdown", want: Warn, message: "nothing in main's flow makes it do so once the signal is received"},
		{name: "shutdown: an HTTP /readyz that turns 503 beside it", files: grpcHealthMain(static+"\n\tvar ready atomic.Bool\n\tready.Store(true)", mount+`
	mux.HandleFunc("/readyz", func(w http.ResponseWriter, _ *http.Request) {
		if !ready.Load() {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	})`, "", `ready.Store(false)`, "", ""), check: "shutdown", want: Pass, message: "readiness turns 503"},
		{name: "shutdown: no health service, no readiness", files: grpcHealthMain(static, `_, _ = grpchealth.NewHandler(checker)`, "", setSvc, "", ""), check: "shutdown", want: Warn, message: "no readiness endpoint turns 503 on shutdown"},
	})
}
