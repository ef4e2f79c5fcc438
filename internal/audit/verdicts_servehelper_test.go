package audit

import (
	"strings"
	"testing"
)

// serveHelperFiles returns a service with two API servers, pub and priv, started
// by start and drained by drain (c is the drain context), with the helpers serve
// (ListenAndServe on its parameter) and stop (Shutdown on its parameter).
func serveHelperFiles(start, drain string) map[string]string {
	return mainFiles("example.test/two", strings.Replace(readyMain("", `ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	public := http.NewServeMux()
	public.HandleFunc("/v1/orders", readyz)
	public.HandleFunc("/readyz", readyz)
	internal := http.NewServeMux()
	internal.HandleFunc("/v1/internal/orders", readyz)
	pub := &http.Server{Addr: ":8080", Handler: public, ReadHeaderTimeout: time.Second}
	priv := &http.Server{Addr: ":8081", Handler: internal, ReadHeaderTimeout: time.Second}
	`+start+`
	<-ctx.Done()
	ready.Store(false)
	c, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	`+drain), "func main() {", `func serve(s *http.Server) {
	if err := s.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Fatal(err)
	}
}

func shut(s *http.Server, ctx context.Context) {
	_ = s.Shutdown(ctx)
}

func main() {`, 1))
}

// TestServeHelper audits servers started or shut down through a function they are
// passed to: the parameter is followed to the arguments of the calls main's flow
// makes.
func TestServeHelper(t *testing.T) {
	const pass = "SIGTERM is caught, Shutdown drains with a timeout"
	const privLeft = "the server priv is started but never shut down (Shutdown is called on pub only)"
	runCheckCases(t, []checkCase{
		{name: "serve helper, only pub shut down", files: serveHelperFiles("go serve(pub)\n\tgo serve(priv)", "_ = pub.Shutdown(c)"), check: "shutdown", want: Fail, message: privLeft},
		{name: "serve helper, both shut down", files: serveHelperFiles("go serve(pub)\n\tgo serve(priv)", "_ = pub.Shutdown(c)\n\t_ = priv.Shutdown(c)"), check: "shutdown", want: Pass, message: pass},
		{name: "a function literal called with the server, only pub shut down", files: serveHelperFiles("go serve(pub)\n\tgo func(s *http.Server) { _ = s.ListenAndServe() }(priv)", "_ = pub.Shutdown(c)"), check: "shutdown", want: Fail, message: privLeft},
		{name: "serve and shutdown helpers, only pub shut down", files: serveHelperFiles("go serve(pub)\n\tgo serve(priv)", "shut(pub, c)"), check: "shutdown", want: Fail, message: privLeft},
		{name: "serve and shutdown helpers, both shut down", files: serveHelperFiles("go serve(pub)\n\tgo serve(priv)", "shut(pub, c)\n\tshut(priv, c)"), check: "shutdown", want: Pass, message: pass},
	})
}
