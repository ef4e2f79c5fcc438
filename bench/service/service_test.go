//go:build linux

package main

import (
	"errors"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"net/http"
	"os"
	"slices"
	"syscall"
	"testing"
	"time"
)

func TestPercentile(t *testing.T) {
	var s []time.Duration
	for i := 1; i <= 100; i++ {
		s = append(s, time.Duration(i))
	}
	for _, c := range []struct {
		p    float64
		want time.Duration
	}{{50, 50}, {90, 90}, {99, 99}, {100, 100}, {0.1, 1}} {
		if got := percentile(s, c.p); got != c.want {
			t.Errorf("percentile(1..100, %v) = %v, want %v", c.p, got, c.want)
		}
	}
	if got := percentile([]int64{7}, 99); got != 7 {
		t.Errorf("percentile of one = %d, want 7", got)
	}
	if got := percentile[int64](nil, 50); got != 0 {
		t.Errorf("percentile of none = %d, want 0", got)
	}
}

func TestClassify(t *testing.T) {
	refused := fmt.Errorf("dial: %w", &os.SyscallError{Syscall: "connect", Err: syscall.ECONNREFUSED})
	for _, c := range []struct {
		name  string
		code  int
		err   error
		wrote bool
		want  outcome
	}{
		{"created", http.StatusCreated, nil, true, outcomeOK},
		{"other status", http.StatusServiceUnavailable, nil, true, outcomeBadStatus},
		{"refused", 0, refused, false, outcomeGone},
		{"rerouted", 0, fmt.Errorf("post: %w", errRerouted), false, outcomeGone},
		{"write failed", 0, errors.New("broken pipe"), false, outcomeNotWritten},
		{"lost after write", 0, errors.New("EOF"), true, outcomeInFlight},
	} {
		if got := classify(c.code, c.err, c.wrote); got != c.want {
			t.Errorf("%s: classify = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestBareSourceParses(t *testing.T) {
	for fw, want := range map[string]string{"gin": `"github.com/gin-gonic/gin"`, "echo": `"github.com/labstack/echo/v5"`} {
		src := bareSource(fw)
		f, err := parser.ParseFile(token.NewFileSet(), "main.go", src, parser.ImportsOnly)
		if err != nil {
			t.Fatalf("%s baseline: %v", fw, err)
		}
		if !slices.ContainsFunc(f.Imports, func(is *ast.ImportSpec) bool { return is.Path.Value == want }) {
			t.Errorf("%s baseline does not import %s", fw, want)
		}
		if formatted, err := format.Source([]byte(src)); err != nil || string(formatted) != src {
			t.Errorf("%s baseline is not gofmt-formatted (%v)", fw, err)
		}
	}
}
