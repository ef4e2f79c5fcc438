//go:build linux

package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// children holds every process group this program started and has not reaped yet, so
// that killAll can end them on exit, on panic and on SIGINT/SIGTERM.
var children = struct {
	sync.Mutex
	pids map[int]struct{}
}{pids: map[int]struct{}{}}

// prepare makes cmd the leader of a new process group (so a make or go command is
// killed with its own children) that the kernel kills if this program dies.
func prepare(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

func register(pid int) {
	children.Lock()
	defer children.Unlock()
	children.pids[pid] = struct{}{}
}

func unregister(pid int) {
	children.Lock()
	defer children.Unlock()
	delete(children.pids, pid)
}

func killGroup(pid int) error {
	return syscall.Kill(-pid, syscall.SIGKILL)
}

// killAll kills every process group still registered.
func killAll() {
	children.Lock()
	defer children.Unlock()
	for pid := range children.pids {
		_ = killGroup(pid)
		delete(children.pids, pid)
	}
}

// childEnv is the environment of every child: ours, without a Go workspace that could
// pull the copied project into an unrelated go.work.
func childEnv(extra ...string) []string {
	return append(append(os.Environ(), "GOWORK=off"), extra...)
}

// runCmd runs name args in dir, bounded by timeout, and returns its combined output;
// the error carries the output's tail.
func runCmd(ctx context.Context, timeout time.Duration, dir string, env []string, name string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = childEnv(env...)
	prepare(cmd)
	cmd.Cancel = func() error { return killGroup(cmd.Process.Pid) }
	cmd.WaitDelay = 5 * time.Second
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		return "", err
	}
	register(cmd.Process.Pid)
	err := cmd.Wait()
	unregister(cmd.Process.Pid)
	if err != nil {
		return out.String(), fmt.Errorf("%s %s: %w\n%s", name, strings.Join(args, " "), err, tail(out.String(), 2000))
	}
	return out.String(), nil
}

// tail returns the last n bytes of s.
func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}

// proc is a running service binary.
type proc struct {
	cmd     *exec.Cmd
	started time.Time     // just before exec
	done    chan struct{} // closed once the process has been reaped
	waitErr error         // valid after done
	logPath string        // stdout and stderr, "" for /dev/null
}

// startProc execs bin in dir with env added to ours. Its output goes to logPath, or to
// /dev/null when logPath is "" (no pipe, so a busy logger never blocks on us).
func startProc(bin, dir string, env []string, logPath string) (*proc, error) {
	cmd := exec.Command(bin)
	cmd.Dir = dir
	cmd.Env = childEnv(env...)
	prepare(cmd)
	if logPath != "" {
		f, err := os.Create(logPath)
		if err != nil {
			return nil, err
		}
		defer f.Close() // the child keeps its own descriptor
		cmd.Stdout, cmd.Stderr = f, f
	}
	p := &proc{cmd: cmd, done: make(chan struct{}), logPath: logPath}
	p.started = time.Now()
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	register(cmd.Process.Pid)
	go func() {
		p.waitErr = cmd.Wait()
		unregister(cmd.Process.Pid)
		close(p.done)
	}()
	return p, nil
}

func (p *proc) pid() int { return p.cmd.Process.Pid }

func (p *proc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// kill ends the process (and anything it started) and reaps it.
func (p *proc) kill() {
	if !p.exited() {
		_ = killGroup(p.pid())
	}
	<-p.done
}

// wait waits up to timeout for the process to exit and returns its exit code.
func (p *proc) wait(timeout time.Duration) (int, error) {
	select {
	case <-p.done:
		return p.cmd.ProcessState.ExitCode(), nil
	case <-time.After(timeout):
		return -1, fmt.Errorf("still running %s later", timeout)
	}
}

// logTail is the end of the process's output, for error messages.
func (p *proc) logTail() string {
	if p.logPath == "" {
		return "(output discarded)"
	}
	data, err := os.ReadFile(p.logPath)
	if err != nil {
		return err.Error()
	}
	return tail(string(data), 1500)
}

// memory is the resident memory of a process, from /proc/<pid>/status.
type memory struct {
	rss  int64 // VmRSS
	file int64 // RssFile: pages of mapped files, mostly the binary's code and data
	anon int64 // RssAnon: heap, stacks and the runtime's own structures
}

// residentMemory reads VmRSS, RssFile and RssAnon of pid from /proc.
func residentMemory(pid int) (memory, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return memory{}, err
	}
	defer f.Close()
	var m memory
	fields := map[string]*int64{"VmRSS:": &m.rss, "RssFile:": &m.file, "RssAnon:": &m.anon}
	found := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		parts := strings.Fields(sc.Text())
		dst, ok := fields[firstOf(parts)]
		if !ok {
			continue
		}
		if len(parts) != 3 || parts[2] != "kB" {
			return memory{}, fmt.Errorf("unexpected line %q in /proc status", sc.Text())
		}
		kb, err := strconv.ParseInt(parts[1], 10, 64)
		if err != nil {
			return memory{}, err
		}
		*dst = kb * 1024
		found++
	}
	if err := sc.Err(); err != nil {
		return memory{}, err
	}
	if found != len(fields) {
		return memory{}, errors.New("no VmRSS, RssFile or RssAnon in /proc status")
	}
	return m, nil
}

func firstOf(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

// clockTick is the unit of the CPU times in /proc/<pid>/stat (USER_HZ, 100 on Linux).
const clockTick = 10 * time.Millisecond

// cpuTime reads the user and system CPU time of pid from /proc.
func cpuTime(pid int) (time.Duration, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The command name, field 2, may hold spaces: count the fields after its ")".
	i := strings.LastIndexByte(string(data), ')')
	if i < 0 {
		return 0, errors.New("unexpected /proc stat format")
	}
	fields := strings.Fields(string(data[i+1:]))
	if len(fields) < 13 {
		return 0, errors.New("unexpected /proc stat format")
	}
	// fields[0] is field 3 (state); utime and stime are fields 14 and 15.
	utime, err1 := strconv.ParseInt(fields[11], 10, 64)
	stime, err2 := strconv.ParseInt(fields[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, errors.New("unexpected /proc stat format")
	}
	return time.Duration(utime+stime) * clockTick, nil
}

// freeAddr returns a loopback address whose port was free a moment ago.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}
