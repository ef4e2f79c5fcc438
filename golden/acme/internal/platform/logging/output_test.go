package logging

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
)

// testBound is how long a test waits for something that should happen
// within a short interval; reaching it means it never happens.
const testBound = 10 * time.Second

// writes records every write made to it, safe for concurrent use.
type writes struct {
	mu    sync.Mutex
	calls []string
}

func (w *writes) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.calls = append(w.calls, string(p))
	return len(p), nil
}

func (w *writes) get() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.calls...)
}

func okRequest(path string) Request {
	return Request{Method: "GET", Path: path, Status: 200}
}

func TestOutputHoldsAccessLinesUntilFlush(t *testing.T) {
	var w writes
	out := NewOutput(&w, time.Hour)
	access := NewAccessLog(out, slog.LevelInfo, nil)
	access.Log(context.Background(), okRequest("/a"))
	access.Log(context.Background(), okRequest("/b"))
	if got := w.get(); len(got) != 0 {
		t.Fatalf("written before the interval: %q", got)
	}
	if err := out.Flush(); err != nil {
		t.Fatal(err)
	}
	got := w.get()
	if len(got) != 1 || !strings.Contains(got[0], `"path":"/a"`) || !strings.Contains(got[0], `"path":"/b"`) {
		t.Fatalf("Flush made writes %q, want one with both lines", got)
	}
	if err := out.Flush(); err != nil || len(w.get()) != 1 {
		t.Errorf("a second Flush wrote again (err %v): %q", err, w.get())
	}
}

func TestOutputKeepsOrderWithSlogRecords(t *testing.T) {
	var w writes
	out := NewOutput(&w, time.Hour)
	access := NewAccessLog(out, slog.LevelInfo, nil)
	logger := New(out, slog.LevelInfo)

	access.Log(context.Background(), okRequest("/first"))
	logger.Info("second")
	got := w.get()
	if len(got) != 1 {
		t.Fatalf("writes %q, want the slog record written at once with the line before it", got)
	}
	first, second := strings.Index(got[0], "/first"), strings.Index(got[0], `"msg":"second"`)
	if first < 0 || second < first {
		t.Errorf("lines out of order: %s", got[0])
	}
}

func TestOutputWritesServerErrorsAtOnce(t *testing.T) {
	var w writes
	access := newAccessLog(&w, time.Hour, slog.LevelInfo)
	access.Log(context.Background(), okRequest("/ok"))
	access.Log(context.Background(), Request{Method: "GET", Path: "/failed", Status: 502})
	got := w.get()
	if len(got) != 1 || !strings.Contains(got[0], "/ok") || !strings.Contains(got[0], `"level":"ERROR"`) {
		t.Fatalf("writes %q, want both lines written with the server error", got)
	}
}

func TestOutputWithoutInterval(t *testing.T) {
	var w writes
	access := newAccessLog(&w, 0, slog.LevelInfo)
	for i := range 3 {
		access.Log(context.Background(), okRequest("/"))
		if got := w.get(); len(got) != i+1 {
			t.Fatalf("after %d lines: %d writes, want one per line", i+1, len(got))
		}
	}
}

func TestOutputFlushesAfterInterval(t *testing.T) {
	var w writes
	access := newAccessLog(&w, 10*time.Millisecond, slog.LevelInfo)
	for _, path := range []string{"/a", "/b"} { // the second arms the timer again
		n := len(w.get())
		access.Log(context.Background(), okRequest(path))
		deadline := time.Now().Add(testBound)
		for len(w.get()) == n {
			if time.Now().After(deadline) {
				t.Fatalf("%s: not written %v after the interval", path, testBound)
			}
			time.Sleep(time.Millisecond)
		}
	}
}

func TestOutputWritesFullBuffer(t *testing.T) {
	var w writes
	out := NewOutput(&w, time.Hour)
	access := NewAccessLog(out, slog.LevelInfo, nil)
	long := okRequest("/" + strings.Repeat("x", 1000))
	for range bufferLimit / 1000 {
		access.Log(context.Background(), long)
	}
	got := w.get()
	if len(got) != 1 || len(got[0]) < bufferLimit {
		t.Fatalf("%d writes after %d bytes of lines, want one of at least %d bytes", len(got), bufferLimit/1000*1000, bufferLimit)
	}
}

// TestOutputConcurrent writes from many goroutines through both paths: after
// Flush every line is there, whole, and every write ends a line.
func TestOutputConcurrent(t *testing.T) {
	var w writes
	out := NewOutput(&w, time.Millisecond)
	access := NewAccessLog(out, slog.LevelInfo, nil)
	logger := New(out, slog.LevelInfo)
	const goroutines, lines = 8, 200
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			for i := range lines {
				if i%10 == 0 {
					logger.Info("record", "g", g, "i", i)
				} else {
					access.Log(context.Background(), okRequest(fmt.Sprintf("/%d/%d", g, i)))
				}
			}
		})
	}
	wg.Wait()
	if err := out.Flush(); err != nil {
		t.Fatal(err)
	}
	got := w.get()
	for i, p := range got {
		if !strings.HasSuffix(p, "\n") {
			t.Fatalf("write %d of %d does not end a line: %q", i+1, len(got), p)
		}
	}
	seen := 0
	sc := bufio.NewScanner(strings.NewReader(strings.Join(got, "")))
	for sc.Scan() {
		var rec map[string]any
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("line %d is not JSON: %q", seen+1, sc.Text())
		}
		seen++
	}
	if seen != goroutines*lines {
		t.Errorf("%d lines, want %d", seen, goroutines*lines)
	}
}
