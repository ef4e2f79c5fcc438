// Package lifecycle runs the service's HTTP servers and background workers
// until shutdown, then stops them in order:
//
//  1. the context given to Run is cancelled (first SIGINT/SIGTERM, see
//     SignalContext) or a server or worker fails;
//  2. the OnShutdown functions run at once (readiness turns 503), and from
//     then on every HTTP/1.1 response carries "Connection: close", so clients
//     move their keep-alive connections elsewhere before the drain closes them;
//  3. Run waits ShutdownDelay so load balancers notice;
//  4. every server drains with http.Server.Shutdown, bounded by
//     ShutdownTimeout;
//  5. if draining timed out, the contexts of the remaining requests are
//     cancelled with ErrDrainTimeout, the servers are closed, and Run waits
//     up to a second for the handlers of those requests to return, so that
//     what they log on their way out (their access-log lines) is written
//     before the process exits;
//  6. workers are cancelled and awaited;
//  7. the cleanups run last, in the order they were added (e.g. flushing
//     telemetry); one that fails is logged and does not change the result,
//     which says how the servers stopped.
//
// A start that fails to listen runs the cleanups too, before Run returns.
//
// Request contexts do not inherit the cancellation of Run's context: a
// shutdown signal lets in-flight requests finish; only step 5 cancels them.
// The requests of a diagnostics server (AddDiagnosticServer) are the
// exception: they are cancelled at step 2.
package lifecycle

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// ErrDrainTimeout is the cancellation cause of the requests still running
// when ShutdownTimeout expires. Run's error then wraps it.
var ErrDrainTimeout = errors.New("drain timeout expired")

// handlerWait bounds the wait for the handlers of the requests cancelled
// after a drain timeout: closing the servers does not wait for them.
const handlerWait = time.Second

// CleanupTimeout bounds all cleanups together, under a context of their own:
// Run's context may be what a signal cancelled. A start that fails before
// Run stops what it started with this bound too.
const CleanupTimeout = 10 * time.Second

// Options configures a Runner.
type Options struct {
	// Logger receives the lifecycle events.
	Logger *slog.Logger
	// ShutdownDelay is the wait between the OnShutdown functions and draining.
	ShutdownDelay time.Duration
	// ShutdownTimeout bounds the drain of in-flight requests.
	ShutdownTimeout time.Duration
}

// Runner runs named servers and workers and shuts them down in order.
// Register everything before calling Run; a Runner runs once.
type Runner struct {
	opts       Options
	draining   atomic.Bool
	handlers   running // the handlers of every server
	servers    []server
	workers    []task
	onShutdown []func()
	cleanups   []task
}

type server struct {
	name string
	srv  *http.Server
	ln   net.Listener // nil until Run listens on srv.Addr
	// diagnostic servers' requests are cancelled as soon as shutdown starts.
	diagnostic bool
}

type task struct {
	name string
	run  func(context.Context) error
}

// New returns a Runner with the given options.
func New(opts Options) *Runner {
	return &Runner{opts: opts}
}

// AddServer registers srv under name. Run listens on srv.Addr, serves TLS
// when srv.TLSConfig is set (certificates come from the config, e.g. its
// GetCertificate or GetConfigForClient), sets srv.BaseContext, and wraps
// srv.Handler to close keep-alive connections once shutdown has started.
func (r *Runner) AddServer(name string, srv *http.Server) {
	r.addServer(name, srv, nil)
}

func (r *Runner) addServer(name string, srv *http.Server, ln net.Listener) {
	r.servers = append(r.servers, server{name: name, srv: srv, ln: ln})
}

// ErrShuttingDown is the cancellation cause of a diagnostics server's
// requests when shutdown starts.
var ErrShuttingDown = errors.New("shutting down")

// AddDiagnosticServer registers srv as AddServer does, for a server of
// diagnostics such as the pprof admin listener: the contexts of its requests
// are cancelled (with ErrShuttingDown) as soon as shutdown starts, so that a
// profile in progress does not hold the drain of the service's work (a CPU
// profile or trace ends early and is still written; net/http/pprof answers a
// delta profile with an error).
func (r *Runner) AddDiagnosticServer(name string, srv *http.Server) {
	r.servers = append(r.servers, server{name: name, srv: srv, diagnostic: true})
}

// AddWorker registers a background function that runs while the servers run.
// Its context is cancelled after the servers have drained; it must then
// return. An error other than the context's own stops the service.
func (r *Runner) AddWorker(name string, run func(ctx context.Context) error) {
	r.workers = append(r.workers, task{name: name, run: run})
}

// OnShutdown registers fn to run as soon as shutdown starts, before the delay
// and the drain. fn must not block.
func (r *Runner) OnShutdown(fn func()) {
	r.onShutdown = append(r.onShutdown, fn)
}

// AddCleanup registers a function that runs after all servers and workers
// have stopped, in registration order. Cleanups share a context bounded by
// ten seconds; an error one returns is logged.
func (r *Runner) AddCleanup(name string, run func(ctx context.Context) error) {
	r.cleanups = append(r.cleanups, task{name: name, run: run})
}

// Run serves until ctx is cancelled or a server or worker fails, then shuts
// down as described in the package documentation. It returns nil after a
// clean shutdown, and an error when listening or serving failed, draining
// timed out (wrapping ErrDrainTimeout) or a worker failed.
// When listening failed, nothing was served: the cleanups run, and Run
// returns the error.
func (r *Runner) Run(ctx context.Context) error {
	log := r.opts.Logger
	if err := r.listen(ctx); err != nil {
		log.Error("start failed", "error", err.Error())
		r.cleanUp(ctx)
		return err
	}

	// Requests keep ctx's values but not its cancellation.
	base, cancelRequests := context.WithCancelCause(context.WithoutCancel(ctx))
	defer cancelRequests(nil)
	diagnostics, cancelDiagnostics := context.WithCancelCause(base)
	defer cancelDiagnostics(nil)
	workCtx, cancelWorkers := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelWorkers()

	failed := make(chan error, len(r.servers)+len(r.workers))
	var serving, working sync.WaitGroup
	for _, s := range r.servers {
		reqBase := base
		if s.diagnostic {
			reqBase = diagnostics
		}
		s.srv.BaseContext = func(net.Listener) context.Context { return reqBase }
		s.srv.Handler = r.handlers.track(r.closeWhenDraining(s.srv.Handler))
		log.Info("server listening", "server", s.name, "addr", s.ln.Addr().String(), "tls", s.srv.TLSConfig != nil)
		serving.Go(func() {
			if err := s.serve(); !errors.Is(err, http.ErrServerClosed) {
				failed <- fmt.Errorf("serve %s: %w", s.name, err)
			}
		})
	}
	for _, w := range r.workers {
		working.Go(func() {
			if err := w.run(workCtx); err != nil && !errors.Is(err, context.Canceled) {
				failed <- fmt.Errorf("worker %s: %w", w.name, err)
			}
		})
	}

	var errs []error
	select {
	case <-ctx.Done():
		log.Info("shutdown started", "cause", context.Cause(ctx).Error())
	case err := <-failed:
		log.Error("shutdown started", "cause", err.Error())
		errs = append(errs, err)
	}

	r.draining.Store(true)
	for _, fn := range r.onShutdown {
		fn()
	}
	cancelDiagnostics(ErrShuttingDown)
	if d := r.opts.ShutdownDelay; d > 0 {
		log.Info("waiting before draining", "delay", d.String())
		time.Sleep(d)
	}

	log.Info("draining", "timeout", r.opts.ShutdownTimeout.String())
	if err := r.drain(ctx); err != nil {
		log.Error("drain incomplete, cancelling remaining requests", "error", err.Error())
		cancelRequests(ErrDrainTimeout)
		for _, s := range r.servers {
			_ = s.srv.Close()
		}
		if n := r.handlers.wait(handlerWait); n > 0 {
			log.Error("handlers still running after their requests were cancelled", "handlers", n, "waited", handlerWait.String())
		}
		errs = append(errs, err)
	}
	serving.Wait()

	cancelWorkers()
	working.Wait()
	close(failed)
	for err := range failed {
		errs = append(errs, err)
	}

	r.cleanUp(ctx)

	err := errors.Join(errs...)
	if err != nil {
		log.Error("shutdown finished with errors", "error", err.Error())
	} else {
		log.Info("shutdown complete")
	}
	return err
}

// cleanUp runs the cleanups in order, under CleanupTimeout. What one fails to
// do (telemetry a collector did not take) is logged: the result of Run says
// how the servers stopped, or that they did not start.
func (r *Runner) cleanUp(ctx context.Context) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), CleanupTimeout)
	defer cancel()
	for _, c := range r.cleanups {
		if err := c.run(ctx); err != nil {
			r.opts.Logger.Error("cleanup failed", "cleanup", c.name, "error", err.Error())
		}
	}
}

// closeWhenDraining asks HTTP/1.1 clients to close their connection after
// each response once shutdown has started. Without it, Shutdown closes idle
// keep-alive connections that a client may be reusing at that very moment,
// and the request it sends on one is lost. (HTTP/2 clients get a GOAWAY from
// Shutdown instead.)
func (r *Runner) closeWhenDraining(next http.Handler) http.Handler {
	if next == nil {
		next = http.NotFoundHandler() // never the default mux
	}
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if r.draining.Load() && req.ProtoMajor == 1 {
			w.Header().Set("Connection", "close")
		}
		next.ServeHTTP(w, req)
	})
}

// running counts the handlers that are running.
type running struct {
	mu   sync.Mutex
	n    int
	idle chan struct{} // closed when n drops to 0, made by wait
}

// track counts the calls of next while they run.
func (c *running) track(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		c.mu.Lock()
		c.n++
		c.mu.Unlock()
		defer func() {
			c.mu.Lock()
			defer c.mu.Unlock()
			if c.n--; c.n == 0 && c.idle != nil {
				close(c.idle)
				c.idle = nil
			}
		}()
		next.ServeHTTP(w, req)
	})
}

// wait waits up to timeout for no handler to be running and returns how many
// still are.
func (c *running) wait(timeout time.Duration) int {
	c.mu.Lock()
	if c.n == 0 {
		c.mu.Unlock()
		return 0
	}
	if c.idle == nil {
		c.idle = make(chan struct{})
	}
	idle := c.idle
	c.mu.Unlock()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case <-idle:
		return 0
	case <-timer.C:
		c.mu.Lock()
		defer c.mu.Unlock()
		return c.n
	}
}

// listen opens the listeners of servers registered without one. On failure
// it closes those already open.
func (r *Runner) listen(ctx context.Context) error {
	var lc net.ListenConfig
	for i := range r.servers {
		s := &r.servers[i]
		if s.ln != nil {
			continue
		}
		ln, err := lc.Listen(ctx, "tcp", s.srv.Addr)
		if err != nil {
			for _, prev := range r.servers[:i] {
				_ = prev.ln.Close()
			}
			return fmt.Errorf("listen %s: %w", s.name, err)
		}
		s.ln = ln
	}
	return nil
}

// drain shuts all servers down concurrently within ShutdownTimeout.
func (r *Runner) drain(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), r.opts.ShutdownTimeout)
	defer cancel()
	errs := make([]error, len(r.servers))
	var wg sync.WaitGroup
	for i, s := range r.servers {
		wg.Go(func() {
			err := s.srv.Shutdown(ctx)
			if errors.Is(err, context.DeadlineExceeded) {
				err = ErrDrainTimeout
			}
			if err != nil {
				errs[i] = fmt.Errorf("drain %s: %w", s.name, err)
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

func (s server) serve() error {
	if s.srv.TLSConfig != nil {
		return s.srv.ServeTLS(s.ln, "", "")
	}
	return s.srv.Serve(s.ln)
}
