package logging

import (
	"io"
	"sync"
	"time"
)

// Buffer sizes of an Output: lines are written once bufferLimit bytes are
// buffered, and a buffer that grew past maxBufferKept (one huge line) is
// not kept for the next lines.
const (
	bufferLimit   = 16 << 10
	maxBufferKept = 4 * bufferLimit
)

// Output is the destination of the service's log lines, shared by the slog
// records and the access log so that the lines keep their order.
//
// Write (slog's records) writes at once, after the lines still buffered.
// Access-log lines of requests answered without a server error are
// buffered: they are written together when bufferLimit bytes are buffered,
// with the next Write, by Flush, and at the latest the flush interval after
// the first of them was buffered. A process that is killed (SIGKILL, the
// OOM killer, a fatal runtime error) loses the lines of that last interval;
// slog records and access-log lines of server errors are never held back,
// and lines written before them go out with them.
type Output struct {
	w        io.Writer
	interval time.Duration // 0: every line is written at once

	mu    sync.Mutex
	buf   []byte
	timer *time.Timer // flushes buf; created when a line is first buffered
	armed bool        // timer will fire for the lines in buf
}

// NewOutput returns an Output writing to w that holds access-log lines for
// at most interval; with 0 it writes every line at once.
func NewOutput(w io.Writer, interval time.Duration) *Output {
	return &Output{w: w, interval: max(interval, 0)}
}

// Write writes p after the buffered lines, in one write when there are
// some. slog's handlers call it once per record.
func (o *Output) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if len(o.buf) == 0 {
		return o.w.Write(p)
	}
	o.buf = append(o.buf, p...)
	if err := o.flushLocked(); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Flush writes the buffered lines. Call it before the process exits.
func (o *Output) Flush() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.flushLocked()
}

// appendLine appends a line to the buffer with encode and writes the buffer
// when now is set, when it is full or when the Output buffers nothing;
// otherwise it makes sure the timer writes it within the interval.
func (o *Output) appendLine(encode func([]byte) []byte, now bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.buf = encode(o.buf)
	switch {
	case now || o.interval == 0 || len(o.buf) >= bufferLimit:
		_ = o.flushLocked() // as slog does, a failed log write is not reported
	case o.armed:
	case o.timer == nil:
		o.timer = time.AfterFunc(o.interval, o.flushOnTimer)
		o.armed = true
	default:
		o.timer.Reset(o.interval)
		o.armed = true
	}
}

// flushOnTimer writes what the interval held back. A timer that fires after
// a full buffer was written writes the lines buffered since, earlier than
// needed, which is harmless.
func (o *Output) flushOnTimer() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.armed = false
	_ = o.flushLocked()
}

func (o *Output) flushLocked() error {
	if len(o.buf) == 0 {
		return nil
	}
	_, err := o.w.Write(o.buf)
	o.buf = o.buf[:0]
	if cap(o.buf) > maxBufferKept {
		o.buf = nil
	}
	return err
}
