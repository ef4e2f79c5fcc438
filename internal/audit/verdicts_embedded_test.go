package audit

import (
	"strings"
	"testing"
)

// embeddedValueMain is a service whose server type embeds http.Server and whose main
// builds it with the http.Server literal as its element, then runs SET.
const embeddedValueMain = `package main

import (
	"net/http"
	"time"
)

type server struct{ http.Server }

type ptrServer struct {
	name string
	*http.Server
}

func main() {
	mux := http.NewServeMux()
	LIT
	SET
	s.ListenAndServe()
}

// harden sets the read timeout of the server it is given.
func harden(srv *http.Server) { srv.ReadHeaderTimeout = 5 * time.Second }

// limit sets a timeout of the server it is given that is not a read timeout.
func limit(srv *http.Server) { srv.WriteTimeout = 5 * time.Second }

var _ = time.Second
`

// TestEmbeddedServerTimeouts audits read timeouts set on the variable holding a
// literal of a type that embeds http.Server, given its server as an http.Server
// literal (positional or keyed): through the promoted field (s.ReadHeaderTimeout) or
// the embedded one (s.Server.ReadHeaderTimeout), the timeout is the served server's;
// and such a server without one is counted once.
func TestEmbeddedServerTimeouts(t *testing.T) {
	value := func(lit, set string) map[string]string {
		return mainFiles("example.test/e", strings.NewReplacer("LIT", lit, "SET", set).Replace(embeddedValueMain))
	}
	const pass = "every server sets a read timeout"
	runCheckCases(t, []checkCase{
		{
			name:    "timeouts: the promoted field of a server given positionally",
			files:   value(`s := server{http.Server{Addr: ":8080", Handler: mux}}`, "s.ReadHeaderTimeout = 5 * time.Second"),
			check:   "timeouts",
			want:    Pass,
			message: pass,
		},
		{
			name:    "timeouts: the embedded field of a server given positionally",
			files:   value(`s := server{http.Server{Addr: ":8080", Handler: mux}}`, "s.Server.ReadHeaderTimeout = 5 * time.Second"),
			check:   "timeouts",
			want:    Pass,
			message: pass,
		},
		{
			name:    "timeouts: the promoted field of a server given by its key",
			files:   value(`s := &server{Server: http.Server{Addr: ":8080", Handler: mux}}`, "s.ReadTimeout = 5 * time.Second"),
			check:   "timeouts",
			want:    Pass,
			message: pass,
		},
		{
			name:    "timeouts: the embedded field of a server pointer given positionally",
			files:   value(`s := ptrServer{"api", &http.Server{Addr: ":8080", Handler: mux}}`, "s.Server.ReadHeaderTimeout = 5 * time.Second"),
			check:   "timeouts",
			want:    Pass,
			message: pass,
		},
		{
			name:    "timeouts: the embedded field of a server the literal leaves zero",
			files:   mainFiles("example.test/e", embeddedServerMain(`&Server{name: "api"}`, "s.Server.ReadHeaderTimeout = 5 * time.Second")),
			check:   "timeouts",
			want:    Pass,
			message: pass,
		},
		{
			name:    "timeouts: the embedded field of a server given positionally passed to a function that sets it",
			files:   value(`s := server{http.Server{Addr: ":8080", Handler: mux}}`, "harden(&s.Server)"),
			check:   "timeouts",
			want:    Pass,
			message: pass,
		},
		{
			name:    "timeouts: the embedded field of a server pointer given positionally passed to a function that sets it",
			files:   value(`s := &server{http.Server{Addr: ":8080", Handler: mux}}`, "harden(&s.Server)"),
			check:   "timeouts",
			want:    Pass,
			message: pass,
		},
		{
			name:    "timeouts: the embedded field of a server given by its key passed to a function that sets it",
			files:   value(`s := &server{Server: http.Server{Addr: ":8080", Handler: mux}}`, "harden(&s.Server)"),
			check:   "timeouts",
			want:    Pass,
			message: pass,
		},
		{
			name:    "timeouts: the embedded pointer of a server given positionally passed to a function that sets it",
			files:   value(`s := ptrServer{"api", &http.Server{Addr: ":8080", Handler: mux}}`, "harden(s.Server)"),
			check:   "timeouts",
			want:    Pass,
			message: pass,
		},
		{
			name:    "timeouts: the embedded field of a server the literal leaves zero passed to a function that sets it",
			files:   value(`s := &server{}`, "s.Addr, s.Handler = \":8080\", mux\n\tharden(&s.Server)"),
			check:   "timeouts",
			want:    Pass,
			message: pass,
		},
		{
			name:    "timeouts: the embedded field of a server the literal leaves zero, set in its constructor through a function",
			files:   withHarden(mainFiles("example.test/e", embeddedServerMain(`&Server{name: "api"}`, "harden(&s.Server)"))),
			check:   "timeouts",
			want:    Pass,
			message: pass,
		},
		{
			name:    "timeouts: the embedded field passed to a function that sets another field",
			files:   value(`s := &server{}`, "s.Addr, s.Handler = \":8080\", mux\n\tlimit(&s.Server)"),
			check:   "timeouts",
			want:    Fail,
			message: "an http.Server embedded in server without ReadHeaderTimeout or ReadTimeout",
		},
		{
			name:    "timeouts: a server given positionally without a read timeout is one server",
			files:   value(`s := server{http.Server{Addr: ":8080", Handler: mux}}`, "s.WriteTimeout = 5 * time.Second"),
			check:   "timeouts",
			want:    Fail,
			message: "1 server(s) without a read timeout: an http.Server without ReadHeaderTimeout or ReadTimeout;",
		},
		{
			name:    "timeouts: a zero read timeout through the embedded field of a server with one",
			files:   value(`s := server{http.Server{Addr: ":8080", Handler: mux, ReadHeaderTimeout: 5 * time.Second}}`, "s.Server.ReadHeaderTimeout = 0"),
			check:   "timeouts",
			want:    Fail,
			message: "without a read timeout",
		},
	})
}

// withHarden adds to files a file of package main whose harden sets the read timeout
// of the server it is given.
func withHarden(files map[string]string) map[string]string {
	files["harden.go"] = "package main\n\nimport (\n\t\"net/http\"\n\t\"time\"\n)\n\nfunc harden(srv *http.Server) { srv.ReadHeaderTimeout = 5 * time.Second }\n"
	return files
}
