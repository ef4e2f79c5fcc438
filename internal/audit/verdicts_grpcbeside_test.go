package audit

import "testing"

// grpcBeside returns a service that serves gRPC on :9090 beside its HTTP server,
// flips readiness and drains the HTTP server on SIGTERM, then runs stop; decls is
// package-level code, imports more import lines.
func grpcBeside(imports, decls, stop string) map[string]string {
	return shutdownService{
		Module:  "example.test/g",
		Imports: "\t\"net\"\n\n\t\"google.golang.org/grpc\"\n" + imports,
		Decls:   decls,
		Start: localReady + `
	gs := grpc.NewServer()
	lis, err := net.Listen("tcp", ":9090")
	if err != nil {
		log.Fatal(err)
	}
	go func() {
		if err := gs.Serve(lis); err != nil {
			log.Fatal(err)
		}
	}()`,
		Tested: "ready",
		Serve:  serveFatal,
		Flip:   flipReady,
		Stop:   stopDrain + "\n\t" + stop,
	}.files()
}

// TestShutdownBesideUnread audits services that serve through a server this audit
// does not read (gRPC, Fiber) beside an HTTP server it reads: the drain of the HTTP
// server says nothing of the other one.
func TestShutdownBesideUnread(t *testing.T) {
	runCheckCases(t, []checkCase{
		{
			name:    "a gRPC server beside the HTTP server that nothing stops",
			files:   grpcBeside("", "", "_ = errors.Is"),
			check:   "shutdown",
			want:    Fail,
			message: "the gRPC server (grpc.NewServer) is never stopped: nothing calls its GracefulStop (or Stop)",
		},
		{
			name:    "a gRPC server stopped with GracefulStop after the HTTP drain",
			files:   grpcBeside("", "", "gs.GracefulStop()"),
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout and readiness turns 503",
		},
		{
			name:    "a gRPC server stopped with Stop by a function of the program",
			files:   grpcBeside("", "func halt(s *grpc.Server) { s.Stop() }", "halt(gs)"),
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout and readiness turns 503",
		},
		{
			name:    "a timer's Stop does not stop the gRPC server",
			files:   grpcBeside("", "", "time.NewTimer(time.Second).Stop()"),
			check:   "shutdown",
			want:    Fail,
			message: "the gRPC server (grpc.NewServer) is never stopped",
		},
		{
			name:    "a gRPC server handed to a module outside the repository, which may stop it",
			files:   grpcBeside("\t\"example.com/lifecycle\"\n", "", "lifecycle.Drain(gs)"),
			check:   "shutdown",
			want:    Unknown,
			message: "the gRPC server is handed to lifecycle.Drain, outside the repository, and nothing in the code read stops it",
		},
		{
			name: "a gRPC server served as an http.Handler through h2c by the HTTP server",
			files: shutdownService{
				Module:  "example.test/h",
				Imports: "\n\t\"golang.org/x/net/http2\"\n\t\"golang.org/x/net/http2/h2c\"\n\t\"google.golang.org/grpc\"\n",
				Start:   localReady + "\n\tgs := grpc.NewServer()",
				Tested:  "ready",
				Serve:   "srv.Handler = h2c.NewHandler(gs, &http2.Server{})\n\t\t" + serveFatal,
				Flip:    flipReady,
				Stop:    stopDrain,
			}.files(),
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout and readiness turns 503",
		},
		{
			name: "a Fiber app beside the HTTP server",
			files: shutdownService{
				Module:  "example.test/f",
				Imports: "\n\t\"github.com/gofiber/fiber/v2\"\n",
				Start:   localReady + "\n\tapp := fiber.New()\n\tgo app.Listen(\":3000\")",
				Tested:  "ready",
				Serve:   serveFatal,
				Flip:    flipReady,
				Stop:    stopDrain,
			}.files(),
			check:   "shutdown",
			want:    Unknown,
			message: "the program also serves through Fiber (github.com/gofiber/fiber/v2), which this audit does not read: check by hand that it drains on SIGTERM",
		},
	})
}
