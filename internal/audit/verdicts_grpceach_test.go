package audit

import (
	"strings"
	"testing"
)

// grpcPair returns a service that serves two gRPC servers, public (main.go:25) and
// internal (main.go:26), each with Serve (SERVE_PUBLIC, SERVE_INTERNAL), beside an
// HTTP server that flips readiness and drains on SIGTERM, then runs STOP; DECLS is
// package-level code.
func grpcPair(servePublic, serveInternal, decls, stop string) map[string]string {
	return mainFiles("example.test/g", strings.NewReplacer("SERVE_PUBLIC", servePublic, "SERVE_INTERNAL", serveInternal, "DECLS", decls, "STOP", stop).Replace(`package main

import (
	"context"
	"errors"
	"log"
	"net"
	"net/http"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/keepalive"
)

DECLS

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	var ready atomic.Bool
	ready.Store(true)
	public := grpc.NewServer(grpc.KeepaliveParams(keepalive.ServerParameters{MaxConnectionIdle: 5 * time.Minute}))
	internal := grpc.NewServer()
	lis, err := net.Listen("tcp", ":9090")
	if err != nil {
		log.Fatal(err)
	}
	lis2, err := net.Listen("tcp", ":9091")
	if err != nil {
		log.Fatal(err)
	}
	go func() { SERVE_PUBLIC }()
	go func() { SERVE_INTERNAL }()

	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) })
	mux.HandleFunc("/readyz", func(w http.ResponseWriter, r *http.Request) {
		if !ready.Load() {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
	srv := &http.Server{Addr: ":8080", Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Fatal(err)
		}
	}()
	<-ctx.Done()
	ready.Store(false)
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = srv.Shutdown(sctx)
	STOP
}
`))
}

// TestShutdownEachGRPCServer audits services that serve two gRPC servers beside an
// HTTP server: a GracefulStop or Stop stops the server it is called on, so each
// server needs its own (followed through variables and the parameters of the
// program's functions); a call on a server this audit cannot tell (a field, a
// function's result) may stop either.
func TestShutdownEachGRPCServer(t *testing.T) {
	const (
		servePublic   = "_ = public.Serve(lis)"
		serveInternal = "_ = internal.Serve(lis2)"
		pass          = "SIGTERM is caught, Shutdown drains with a timeout and readiness turns 503"
	)
	runCheckCases(t, []checkCase{
		{name: "only the second server stopped", files: grpcPair(servePublic, serveInternal, "", "internal.GracefulStop()"), check: "shutdown", want: Fail,
			message: "the gRPC server (grpc.NewServer, main.go:25) is never stopped: nothing calls its GracefulStop (or Stop) (the one at main.go:58 stops another gRPC server)"},
		{name: "only the first server stopped", files: grpcPair(servePublic, serveInternal, "", "public.GracefulStop()"), check: "shutdown", want: Fail,
			message: "the gRPC server (grpc.NewServer, main.go:26) is never stopped"},
		{name: "neither server stopped", files: grpcPair(servePublic, serveInternal, "", "_ = errors.Is"), check: "shutdown", want: Fail,
			message: "the gRPC servers (grpc.NewServer, main.go:25; grpc.NewServer, main.go:26) are never stopped: nothing calls their GracefulStop (or Stop)"},
		{name: "both servers stopped", files: grpcPair(servePublic, serveInternal, "", "public.GracefulStop()\n\tinternal.Stop()"), check: "shutdown", want: Pass, message: pass},
		{name: "both stopped by a function of the program", files: grpcPair(servePublic, serveInternal, "func halt(s *grpc.Server) { s.GracefulStop() }", "halt(public)\n\thalt(internal)"), check: "shutdown", want: Pass, message: pass},
		{name: "one stopped by a function of the program", files: grpcPair(servePublic, serveInternal, "func halt(s *grpc.Server) { s.GracefulStop() }", "halt(internal)"), check: "shutdown", want: Fail,
			message: "the gRPC server (grpc.NewServer, main.go:25) is never stopped"},
		{name: "stopped through a holder this audit does not follow", files: grpcPair(servePublic, serveInternal, "type servers struct{ all []*grpc.Server }\n\nfunc (s servers) stop() {\n\tfor _, g := range s.all {\n\t\tg.GracefulStop()\n\t}\n}", "servers{all: []*grpc.Server{public, internal}}.stop()"), check: "shutdown", want: Pass, message: pass},
		{name: "the second server never served: an unserved server is no server", files: grpcPair(servePublic, "", "", "public.GracefulStop()"), check: "shutdown", want: Pass, message: pass},
	})
}
