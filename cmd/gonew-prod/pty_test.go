//go:build linux

package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"
)

// These tests run the real command (this test binary, re-executed as gonew-prod by
// testscript.Main) on a pseudo-terminal and answer its questions with keystrokes.

// Keys as a terminal sends them.
const (
	keyEnter = "\r"
	keyDown  = "\x1b[B"
	keyUp    = "\x1b[A"
	keySpace = " "
	keyCtrlC = "\x03"
)

// The terminal's size.
const ptyRows, ptyCols = 50, 200

// ptyTimeout bounds every wait for the command (generous for -race on a busy machine).
const ptyTimeout = 30 * time.Second

// session is one run of gonew-prod on a pseudo-terminal. It plays the terminal: it
// records what the command writes and answers its cursor position requests.
//
// survey asks for the cursor position (DSR, ESC [6n) before it reads a line, and reads
// the reply through a throw-away buffer: keys typed after the reply may be lost with it
// (on a real terminal a person never types that fast). So a line's keys are sent in the
// same write as the reply, in front of it, where survey keeps them: the session holds the
// reply until the test types the line (typeLine). Select questions read keys directly,
// once the terminal is in raw mode (press).
type session struct {
	t    *testing.T
	ptmx *os.File // the terminal's side
	cmd  *exec.Cmd

	mu      sync.Mutex
	out     bytes.Buffer  // everything the command wrote, raw
	seen    int           // how much of the stripped output expect has consumed
	scanned int           // how much of out was scanned for cursor position requests
	held    []string      // replies to position requests, held until a line is typed
	changed chan struct{} // signalled after every read
	done    chan struct{} // closed when the command's side of the terminal is closed
	exit    chan error    // the command's Wait result
}

// startPTY starts gonew-prod with args in dir, with stdin, stdout and stderr on a new
// pseudo-terminal of ptyRows x ptyCols.
func startPTY(t *testing.T, dir string, args ...string) *session {
	t.Helper()
	bin, err := exec.LookPath("gonew-prod")
	if err != nil {
		t.Fatalf("gonew-prod is not on PATH (set up by TestMain): %v", err)
	}
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatalf("open a pty: %v", err)
	}
	if err := pty.Setsize(ptmx, &pty.Winsize{Rows: ptyRows, Cols: ptyCols}); err != nil {
		t.Fatalf("set the terminal size: %v", err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Dir, cmd.Env = dir, ptyEnv(dir)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, tty
	// A session of its own with the pty as controlling terminal, as a shell does.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
	err = cmd.Start()
	tty.Close() // the command has it; reads of ptmx end with EIO once it is gone
	if err != nil {
		ptmx.Close()
		t.Fatalf("start on a pty: %v", err)
	}
	s := &session{t: t, ptmx: ptmx, cmd: cmd, changed: make(chan struct{}, 1), done: make(chan struct{}), exit: make(chan error, 1)}
	go s.read()
	go func() { s.exit <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill() // a no-op once it has exited
		<-s.done
		ptmx.Close()
	})
	return s
}

func ptyEnv(dir string) []string {
	return []string{
		"HOME=" + dir,
		"PATH=" + os.Getenv("PATH"),
		"TERM=xterm-256color",
		// Under -race, a process exiting 0 sleeps 1s by default so that other threads can
		// report; each run would pay it.
		"GORACE=" + strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0"),
	}
}

func (s *session) read() {
	defer close(s.done)
	buf := make([]byte, 4096)
	for {
		n, err := s.ptmx.Read(buf)
		s.mu.Lock()
		s.out.Write(buf[:n])
		if size := s.scanRequests(); size != "" {
			_, _ = io.WriteString(s.ptmx, size)
		}
		s.mu.Unlock()
		s.signal()
		if err != nil {
			return // EIO once the command has exited
		}
	}
}

func (s *session) signal() {
	select {
	case s.changed <- struct{}{}:
	default:
	}
}

// scanRequests finds the cursor position requests written since the last call. A request
// right after a move to 999;999 asks for the terminal's size: its reply is returned to be
// sent at once. Any other asks where a line starts: its reply (the column is the visible
// length of the last line) is held for typeLine. s.mu is held.
func (s *session) scanRequests() string {
	const dsr = "\x1b[6n"
	var size strings.Builder
	raw := s.out.Bytes()
	for {
		i := bytes.Index(raw[s.scanned:], []byte(dsr))
		if i < 0 {
			return size.String()
		}
		at := s.scanned + i
		s.scanned = at + len(dsr)
		if bytes.HasSuffix(raw[:at], []byte("\x1b[999;999f")) {
			fmt.Fprintf(&size, "\x1b[%d;%dR", ptyRows, ptyCols)
			continue
		}
		text := strip(string(raw[:at]))
		col := utf8.RuneCountInString(text[strings.LastIndex(text, "\n")+1:])%ptyCols + 1
		s.held = append(s.held, fmt.Sprintf("\x1b[%d;%dR", ptyRows/2, col))
	}
}

// ansi matches the escape sequences survey draws with (CSI sequences, two-byte escapes).
var ansi = regexp.MustCompile(`\x1b\[[0-?]*[ -/]*[@-~]|\x1b[0-Z\\-~]`)

func strip(s string) string {
	return strings.ReplaceAll(ansi.ReplaceAllString(s, ""), "\r", "")
}

// screen is what the command wrote, without escape sequences and carriage returns.
func (s *session) screen() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strip(s.out.String())
}

// until waits until cond, called with s.mu held, is true.
func (s *session) until(what string, cond func() bool) {
	s.t.Helper()
	deadline := time.NewTimer(ptyTimeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		ok := cond()
		s.mu.Unlock()
		if ok {
			return
		}
		select {
		case <-s.changed:
		case <-s.done:
			s.mu.Lock()
			ok := cond()
			s.mu.Unlock()
			if !ok {
				s.t.Fatalf("the command ended before %s; it wrote:\n%s", what, s.screen())
			}
			return
		case <-deadline.C:
			s.t.Fatalf("no %s within %v; the command wrote:\n%s", what, ptyTimeout, s.screen())
		}
	}
}

// expect waits until text appears in the output after the previous match.
func (s *session) expect(text string) {
	s.t.Helper()
	s.until(fmt.Sprintf("%q", text), func() bool {
		out := strip(s.out.String())
		if i := strings.Index(out[s.seen:], text); i >= 0 {
			s.seen += i + len(text)
			return true
		}
		return false
	})
}

// expectRow waits for the summary row of key; value is a prefix of the value shown.
func (s *session) expectRow(key, value, source string) {
	s.t.Helper()
	re := regexp.MustCompile(`(?m)^  ` + regexp.QuoteMeta(key) + ` +` + regexp.QuoteMeta(value) + `.*` + regexp.QuoteMeta(source) + `\n`)
	s.until("summary row "+key+" "+value+" "+source, func() bool {
		out := strip(s.out.String())
		if loc := re.FindStringIndex(out[s.seen:]); loc != nil {
			s.seen += loc[1]
			return true
		}
		return false
	})
}

// typeLine waits for a line question (input or confirmation), then types keys: they go
// in front of the held reply to the question's cursor position request.
func (s *session) typeLine(question string, keys ...string) {
	s.t.Helper()
	line := strings.Join(keys, "")
	if strings.Contains(line, "R") {
		s.t.Fatalf("typeLine %q: an R would end survey's read of the position reply", line)
	}
	s.expect(question)
	s.until("cursor position request of "+question, func() bool { return len(s.held) > 0 })
	s.mu.Lock()
	defer s.mu.Unlock()
	reply := s.held[0]
	s.held = s.held[1:]
	if _, err := io.WriteString(s.ptmx, line+reply); err != nil {
		s.t.Fatalf("type %q: %v", line, err)
	}
}

// press waits for a select question, then presses keys once it reads them (the terminal
// is in raw mode; before, the line discipline would take them, and Ctrl-C would be SIGINT).
func (s *session) press(question string, keys ...string) {
	s.t.Helper()
	s.expect(question)
	conn, err := s.ptmx.SyscallConn()
	if err != nil {
		s.t.Fatal(err)
	}
	deadline := time.Now().Add(ptyTimeout)
	for !s.raw(conn) {
		if time.Now().After(deadline) {
			s.t.Fatalf("the terminal never went to raw mode; the command wrote:\n%s", s.screen())
		}
		time.Sleep(time.Millisecond)
	}
	if _, err := io.WriteString(s.ptmx, strings.Join(keys, "")); err != nil {
		s.t.Fatalf("press %q: %v", keys, err)
	}
}

// raw reports whether the terminal is in raw (non-canonical) mode.
func (s *session) raw(conn syscall.RawConn) bool {
	s.t.Helper()
	var raw bool
	var ioErr error
	err := conn.Control(func(fd uintptr) {
		var tio *unix.Termios
		tio, ioErr = unix.IoctlGetTermios(int(fd), unix.TCGETS)
		raw = ioErr == nil && tio.Lflag&unix.ICANON == 0
	})
	if err == nil {
		err = ioErr
	}
	if err != nil {
		s.t.Fatalf("read the terminal mode: %v", err)
	}
	return raw
}

// wait waits for the command to exit and returns its exit code.
func (s *session) wait() int {
	s.t.Helper()
	select {
	case err := <-s.exit:
		<-s.done
		var ee *exec.ExitError
		switch {
		case err == nil:
			return 0
		case errors.As(err, &ee):
			return ee.ExitCode()
		default:
			s.t.Fatalf("wait: %v", err)
		}
	case <-time.After(ptyTimeout):
		s.t.Fatalf("the command did not exit within %v; it wrote:\n%s", ptyTimeout, s.screen())
	}
	return -1
}

// ptyArgs are the arguments of every interactive run: nothing touches the network or git.
var ptyArgs = []string{"new", "--no-tidy", "--no-git"}

func TestPTYHappyPath(t *testing.T) {
	dir := t.TempDir()
	s := startPTY(t, dir, append(ptyArgs, "asked")...)
	s.typeLine("Module path", "example.com/acme/orders", keyEnter)
	s.typeLine("Service name: (orders)", keyEnter)
	s.press("HTTP framework", keyDown, keyEnter) // gin -> echo
	s.press("Go version", keyEnter)
	// '?' shows the help of every feature; then pprof and k8s are unchecked.
	s.press("Features", "?")
	s.expect("k8s: Deployment and Service")
	s.press("[x]  k8s", keyDown, keyDown, keySpace, keyUp, keyUp, keyUp, keySpace, keyEnter)
	s.expect("Features: otel, mtls, docker, ci")
	s.press("CI provider", keyDown, keyEnter) // github -> gitlab
	s.expect("Summary (preset default)")
	for _, row := range [][3]string{
		{"module", "example.com/acme/orders", "(answer)"},
		{"name", "orders", "(default)"},
		{"framework", "echo", "(answer)"},
		{"go", "1.", "(default)"},
		{"features", "otel, mtls, docker, ci", "(answer)"},
		{"ci", "gitlab", "(answer)"},
		{"http_port", "8080", "(default)"},
		{"admin_port", "6060", "(default, not used without pprof)"},
		{"directory", "asked", ""},
	} {
		s.expectRow(row[0], row[1], row[2])
	}
	s.typeLine("Create the service? (Y/n)", keyEnter)
	s.expect("created orders (example.com/acme/orders, echo)")
	if code := s.wait(); code != 0 {
		t.Fatalf("exit code %d; the command wrote:\n%s", code, s.screen())
	}

	flags := exec.Command(s.cmd.Path, append(ptyArgs, "--yes", "--module", "example.com/acme/orders",
		"--framework", "echo", "--without", "pprof,k8s", "--ci", "gitlab", "flags")...)
	flags.Dir, flags.Env = dir, ptyEnv(dir)
	if out, err := flags.CombinedOutput(); err != nil {
		t.Fatalf("the flags run: %v\n%s", err, out)
	}
	compareTrees(t, filepath.Join(dir, "asked"), filepath.Join(dir, "flags"))
}

func TestPTYReaskInvalidModule(t *testing.T) {
	dir := t.TempDir()
	s := startPTY(t, dir, ptyArgs...)
	s.typeLine("Module path", "bad path", keyEnter)
	s.expect(`Sorry, your reply was invalid: not a valid Go module path: malformed module path "bad path": invalid char ' '`)
	s.typeLine("Module path", keyEnter) // no default: empty is refused too
	s.expect("Sorry, your reply was invalid: a module path is required")
	s.typeLine("Module path", "example.com/acme/billing", keyEnter)
	s.typeLine("Service name: (billing)", "bi", keyCtrlC) // Ctrl-C while typing a line
	checkAborted(t, s, dir)
}

func TestPTYCtrlCMidway(t *testing.T) {
	dir := t.TempDir()
	s := startPTY(t, dir, ptyArgs...)
	s.typeLine("Module path", "example.com/acme/orders", keyEnter)
	s.typeLine("Service name", keyEnter)
	s.press("HTTP framework", keyEnter)
	s.press("Go version", keyEnter)
	s.press("Features", keyDown, keySpace, keyCtrlC)
	checkAborted(t, s, dir)
}

func TestPTYNoAtConfirmation(t *testing.T) {
	dir := t.TempDir()
	s := startPTY(t, dir, append(ptyArgs, "--framework", "echo")...)
	s.typeLine("Module path", "example.com/acme/orders", keyEnter)
	s.typeLine("Service name", keyEnter)
	// --framework is given: not asked.
	s.press("Go version", keyEnter)
	s.press("Features", keyEnter)
	s.press("CI provider", keyEnter)
	s.expectRow("framework", "echo", "(flag)")
	s.typeLine("Create the service? (Y/n)", "n", keyEnter)
	checkAborted(t, s, dir)
	if strings.Contains(s.screen(), "HTTP framework") {
		t.Errorf("the framework given by flag was asked:\n%s", s.screen())
	}
}

// TestPTYNoTerminalStdin: with the output on a terminal but stdin not one, nothing is
// asked and the command exits 2 at once naming the flags.
func TestPTYNoTerminalStdin(t *testing.T) {
	dir := t.TempDir()
	bin, err := exec.LookPath("gonew-prod")
	if err != nil {
		t.Fatal(err)
	}
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer ptmx.Close()
	if err := pty.Setsize(ptmx, &pty.Winsize{Rows: ptyRows, Cols: ptyCols}); err != nil {
		t.Fatal(err)
	}
	go func() { _, _ = io.Copy(io.Discard, ptmx) }()
	cmd := exec.Command(bin, ptyArgs...)
	cmd.Dir, cmd.Env = dir, ptyEnv(dir)
	cmd.Stdout = tty
	var stderr bytes.Buffer
	cmd.Stderr = &stderr // stdin: /dev/null
	err = cmd.Run()
	tty.Close()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 2 {
		t.Fatalf("exit: %v, want exit code 2; stderr: %s", err, stderr.String())
	}
	for _, want := range []string{"--module", "--yes"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr does not name %s: %s", want, stderr.String())
		}
	}
}

func checkAborted(t *testing.T, s *session, dir string) {
	t.Helper()
	s.expect("gonew-prod: aborted, nothing written")
	if code := s.wait(); code != 1 {
		t.Errorf("exit code %d, want 1", code)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 0 {
		t.Errorf("an aborted run left %v", entries)
	}
	// The terminal is back in its normal (cooked) mode.
	conn, err := s.ptmx.SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	if s.raw(conn) {
		t.Errorf("the terminal was left in raw mode")
	}
}

// compareTrees fails unless got and want hold the same files with the same modes and
// bytes: every file is either identical, "differs", "unexpected" or "missing".
func compareTrees(t *testing.T, got, want string) {
	t.Helper()
	g, w := tree(t, got), tree(t, want)
	if len(w) == 0 {
		t.Fatalf("%s is empty", want)
	}
	for _, p := range slices.Sorted(func(yield func(string) bool) {
		for p := range g {
			if !yield(p) {
				return
			}
		}
		for p := range w {
			if _, ok := g[p]; !ok && !yield(p) {
				return
			}
		}
	}) {
		gf, inGot := g[p]
		wf, inWant := w[p]
		switch {
		case !inWant:
			t.Errorf("%s: unexpected", p)
		case !inGot:
			t.Errorf("%s: missing", p)
		case gf != wf:
			t.Errorf("%s: differs:\n--- interactive\n%s\n--- flags\n%s", p, gf, wf)
		}
	}
}

// tree maps every file below dir to its mode and content.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = info.Mode().String() + "\n" + string(data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
