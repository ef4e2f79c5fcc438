package audit

import (
	"strings"
	"testing"
)

// TestSignalChannelBuffer audits a service that catches SIGTERM with signal.Notify:
// os/signal never blocks sending, so an unbuffered channel drops a SIGTERM that
// arrives while main is not waiting on it (WARN); a buffered one keeps it (PASS).
func TestSignalChannelBuffer(t *testing.T) {
	service := func(channel string) map[string]string {
		return mainFiles("example.test/b", readyMain("", strings.Replace(`mux := http.NewServeMux()
	mux.HandleFunc("/readyz", readyz)
	srv := &http.Server{Addr: ":8080", Handler: mux, ReadHeaderTimeout: time.Second}
	CHANNEL
	signal.Notify(sig, syscall.SIGTERM)
	go func() {
		if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
			log.Fatal(err)
		}
	}()
	ready.Store(true)
	<-sig
	ready.Store(false)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = srv.Shutdown(ctx)`, "CHANNEL", channel, 1)))
	}
	const dropped = "signal.Notify relays to an unbuffered channel (make(chan os.Signal"
	runCheckCases(t, []checkCase{
		{name: "unbuffered", files: service("sig := make(chan os.Signal)"), check: "shutdown", want: Warn, message: dropped},
		{name: "a buffer of constant size 0", files: service("const size = 0\n\tsig := make(chan os.Signal, size)"), check: "shutdown", want: Warn, message: dropped},
		{name: "declared with var", files: service("var sig = make(chan os.Signal)"), check: "shutdown", want: Warn, message: dropped},
		{name: "a buffer of one, beside an unbuffered channel of the same name in a closure", files: service("sig := make(chan os.Signal, 1)\n\tgo func() {\n\t\tsig := make(chan struct{})\n\t\tclose(sig)\n\t}()"), check: "shutdown", want: Pass, message: "SIGTERM is caught"},
		{name: "a buffer of one, beside an unbuffered channel of the same name in a block", files: service("sig := make(chan os.Signal, 1)\n\t{\n\t\tsig := make(chan struct{})\n\t\tclose(sig)\n\t}"), check: "shutdown", want: Pass, message: "SIGTERM is caught"},
		{name: "a buffer of one", files: service("sig := make(chan os.Signal, 1)"), check: "shutdown", want: Pass, message: "SIGTERM is caught"},
		{name: "a buffer of a size not known", files: service("sig := make(chan os.Signal, len(os.Args))"), check: "shutdown", want: Pass, message: "SIGTERM is caught"},
	})
}
