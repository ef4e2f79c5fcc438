package audit

import "testing"

// cgoTwinService is a service whose signal list comes from a file that imports "C"
// (SIGINT only) or from its //go:build !cgo twin (SIGTERM too), built into a
// static image by a Dockerfile whose build stage is from and runs env before go
// build.
func cgoTwinService(from, env string) map[string]string {
	return map[string]string{
		"go.mod": "module example.test/cg\n\ngo 1.25\n",
		"go.sum": "",
		"cmd/api/main.go": `package main

import (
	"context"
	"net/http"
	"os/signal"
	"sync/atomic"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), shutdownSignals()...)
	defer stop()
	var ready atomic.Bool
	ready.Store(true)
	mux := http.NewServeMux()
	mux.HandleFunc("/readyz", func(w http.ResponseWriter, r *http.Request) {
		if !ready.Load() {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	})
	srv := &http.Server{Addr: ":8080", Handler: mux, ReadHeaderTimeout: time.Second}
	go srv.ListenAndServe()
	<-ctx.Done()
	ready.Store(false)
	time.Sleep(3 * time.Second)
	c, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	srv.Shutdown(c)
}
`,
		"cmd/api/signals_cgo.go":   "package main\n\n// #include <unistd.h>\nimport \"C\"\n\nimport \"os\"\n\nfunc shutdownSignals() []os.Signal { return []os.Signal{os.Interrupt} }\n",
		"cmd/api/signals_nocgo.go": "//go:build !cgo\n\npackage main\n\nimport (\n\t\"os\"\n\t\"syscall\"\n)\n\nfunc shutdownSignals() []os.Signal { return []os.Signal{os.Interrupt, syscall.SIGTERM} }\n",
		"Dockerfile": "FROM " + from + " AS build\nWORKDIR /src\nCOPY . .\n" + env + "RUN go build -o /api ./cmd/api\n\n" +
			"FROM gcr.io/distroless/static-debian12\nCOPY --from=build /api /api\nENTRYPOINT [\"/api\"]\n",
	}
}

// TestCgoDefaultFileChoice audits the shutdown of a service whose Dockerfile build
// sets no CGO_ENABLED or sets it in the stage: the go command turns cgo on where a C
// compiler is found (the golang Debian images, an alpine one that installs gcc) and
// off where none is (golang alpine), so the file that imports "C", or its
// //go:build !cgo twin, is the one in the binary, as static-image judges it.
func TestCgoDefaultFileChoice(t *testing.T) {
	const sigint, sigterm = "only os.Interrupt (SIGINT) is caught", "SIGTERM is caught"
	runCheckCases(t, []checkCase{
		{name: "golang Debian image, CGO_ENABLED unset: the cgo file", files: cgoTwinService("golang:1.25", ""),
			check: "shutdown", want: Fail, message: sigint},
		{name: "golang Debian image, CGO_ENABLED=1 written out: the cgo file", files: cgoTwinService("golang:1.25", "ENV CGO_ENABLED=1\n"),
			check: "shutdown", want: Fail, message: sigint},
		{name: "golang Debian image, ENV CGO_ENABLED=0: the !cgo twin", files: cgoTwinService("golang:1.25", "ENV CGO_ENABLED=0\n"),
			check: "shutdown", want: Pass, message: sigterm},
		{name: "golang Debian image, go env -w CGO_ENABLED=0: the !cgo twin", files: cgoTwinService("golang:1.25", "RUN go env -w CGO_ENABLED=0\n"),
			check: "shutdown", want: Pass, message: sigterm},
		{name: "golang alpine image without a C compiler: the !cgo twin", files: cgoTwinService("golang:1.25-alpine", ""),
			check: "shutdown", want: Pass, message: sigterm},
		{name: "golang alpine image that installs gcc: the cgo file", files: cgoTwinService("golang:1.25-alpine", "RUN apk add --no-cache gcc musl-dev\n"),
			check: "shutdown", want: Fail, message: sigint},
	})
}
