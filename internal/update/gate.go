package update

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/merge"
	"github.com/gonew-prod/gonew-prod/internal/poststep"
	"github.com/gonew-prod/gonew-prod/internal/scratch"
	"github.com/gonew-prod/gonew-prod/internal/workspace"
)

// defaultChecks returns the commands a merged tree must pass when Gate.Command is empty.
func defaultChecks() [][]string {
	return [][]string{
		{"go", "build", "./..."},
		{"go", "vet", "./..."},
		{"go", "test", "-race", "./..."},
	}
}

// Gate is what an update runs on the merged tree before the real tree is written: in a
// scratch copy of the project, `go mod tidy`, then the checks.
type Gate struct {
	// Env is the environment of the commands, the user's; GOWORK=off is added, since the
	// scratch copy is in no workspace.
	Env []string
	// Tidy runs `go mod tidy` in the copy, whose go.mod and go.sum then become part of the
	// update.
	Tidy bool
	// Verify runs the checks: Command with `sh -c` when set, else `go build ./...`,
	// `go vet ./...` and `go test -race ./...`.
	Verify  bool
	Command string
	// Log receives progress messages.
	Log io.Writer
	// Module is the directory of the project's module, slash-separated and relative to the
	// project ("" for its root): a project gonew-prod add made may have its module below.
	// Tidy and the checks run there, in the workspace when the project's go.work uses it.
	Module string
	// Dropped holds the module paths of the requires of the module's go.mod that the user
	// changed and this version dropped (merge.DroppedYours): tidy's drop of one, when no
	// package imports it any more, is taken, and the checksums of yours of its module go
	// with it (merge.WithoutUnneeded, merge.TidiedUpdateSum); the caller names them
	// (merge.RequiresGone).
	Dropped []string
	// Revendor, when set, re-vendors a vendored module (vendor/modules.txt) in the copy
	// once go.mod is merged and tidied, when the update changes go.mod, and returns the
	// changes of vendor/ that then join the update (retrofit.Revendor, add's re-vendoring;
	// run is the runner of go mod vendor, goMod the tree's go.mod before the update).
	Revendor func(ctx context.Context, run poststep.Runner, dir, moduleRel, work string, goMod []byte) ([]generator.Change, error)
	// Keep maps the project paths of the module's go.mod and go.sum that the update
	// leaves as they are in the tree, whatever go mod tidy makes of them, to why
	// (TidyKeeps): tidy's result for one without a change is the scratch copy's alone,
	// which the checks build with, and is not written.
	Keep map[string]string
}

// VetCommand is the check of add's gate (Gate.Command): go vet, which compiles every
// package and test.
const VetCommand = "go vet ./..."

// ScratchPrefix begins the names of the directories under TMPDIR that hold Run's copies
// of a project whose parent directory cannot take them (scratch.Dir), and follows the
// project's name in those of the copies beside it (ScratchPlace).
const ScratchPrefix = "gonew-prod-verify-"

// ScratchPlace returns where Run puts its copy of the project at dir: the directory
// beside it, so that relative replace directives still resolve, and the beginning of
// the copy's name there, "." and the project's directory name in ASCII (scratchLabel),
// then "." and ScratchPrefix. A project reached through a symbolic link (--dir naming
// one, or a working directory entered through one) is placed beside the directory the
// link leads to, where the go command resolves the user's `replace ... => ../lib` from.
func ScratchPlace(dir string) (parent, prefix string) {
	dir = scratch.Real(dir)
	return filepath.Dir(dir), "." + scratchLabel(filepath.Base(dir)) + "." + ScratchPrefix
}

// SweepBeside removes the scratch copies beside the project at dir that runs killed
// meanwhile left (scratch.Sweep at ScratchPlace), and those of older releases, named after
// the directory's name as it is ("." and the name, then "." and ScratchPrefix), which is
// not the ASCII label of a name beyond it. It returns the directories it removed.
func SweepBeside(dir string) []string {
	parent, prefix := ScratchPlace(dir)
	prefixes := []string{prefix}
	if older := "." + filepath.Base(scratch.Real(dir)) + "." + ScratchPrefix; older != prefix {
		prefixes = append(prefixes, older)
	}
	return scratch.Sweep(parent, prefixes...)
}

// scratchLabel returns name, a project's directory name, as it begins the name of its
// scratch copy: ASCII letters, digits, '.', '-' and '_' kept, every other character (and
// byte that is not UTF-8) made '_', cut to 64 bytes. The copy's name only tells whose it
// is: the go command cannot run go vet where a name is not UTF-8 (NotUTF8Error), and a
// name as long as the file system allows would leave no room for the rest. Two names may
// share a label (café and cafè): their copies do not, as scratch.Dir makes each a new
// directory, held in use until released, which no sweep removes meanwhile.
func scratchLabel(name string) string {
	label := strings.Map(func(r rune) rune {
		if r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune(".-_", r)) {
			return r
		}
		return '_'
	}, name)
	return label[:min(len(label), 64)]
}

// NotUTF8Error reports that go vet cannot run in Dir, a directory of a scratch copy,
// since the name of Path, a directory on its way, is not UTF-8: the go command hands go
// vet the names of the files as JSON, where such a name's bytes become U+FFFD, and go
// vet then opens files that are not there. go build and go mod tidy work there.
type NotUTF8Error struct {
	Dir, Path string
}

func (e *NotUTF8Error) Error() string {
	return fmt.Sprintf("go vet cannot run in %q, where the module is checked in a copy: the name of %q is not UTF-8 (the go command hands go vet its file names as JSON, which cannot carry it); rename that directory, or move the project, to a UTF-8 path", e.Dir, e.Path)
}

// CheckUTF8 returns a *NotUTF8Error when go vet cannot run in dir, as its path is not
// UTF-8, naming the first directory on the path whose name is not.
func CheckUTF8(dir string) error {
	if utf8.ValidString(dir) {
		return nil
	}
	bad := dir
	for !utf8.ValidString(filepath.Dir(bad)) {
		bad = filepath.Dir(bad)
	}
	return &NotUTF8Error{Dir: dir, Path: bad}
}

// ScratchDir makes the directory for a scratch copy of the project at dir (scratch.Dir,
// held in use until release): at ScratchPlace, beside the project, so that a path that
// leads out of the project resolves from the copy as from the project (a relative
// replace directive's ../lib, a cgo directive's -I${SRCDIR}/../include); else under
// TMPDIR, its name beginning with prefix, where the copy is safe but such a path fails:
// when the parent's path holds git's list separator (git cannot be stopped at it, see
// scratch.Env, and beside the project the commands run in the copy could reach the
// user's repository) or the parent cannot take a new directory.
func ScratchDir(dir, prefix string) (work string, release func(), err error) {
	parent, beside := ScratchPlace(dir)
	if !strings.ContainsRune(parent, filepath.ListSeparator) {
		if work, release, err := scratch.Dir(parent, beside); err == nil {
			return work, release, nil
		}
	}
	return scratch.Dir("", prefix)
}

// copyFailed explains a failed copy of the project at dir into work: more room is asked
// for only when the copy ran out of it.
func copyFailed(dir, work string, err error) error {
	fix := "fix what stops it and run again"
	if scratch.OutOfRoom(err) {
		fix = "make room there for the whole project (files git ignores included)"
	}
	return fmt.Errorf("verify: the merged tree is checked in a copy of %s (%s), which could not be made: %w; %s, or pass --no-verify and --no-tidy", dir, work, err, fix)
}

// Run copies the project at dir (without .git) into a scratch directory beside it, so
// that relative replace directives still resolve; applies changes there; runs the gate
// there, where git finds no repository of the user's (scratch.Env); and removes the
// copy. It returns changes extended with what `go mod tidy` made of go.mod and go.sum. A
// command that fails is a *poststep.CommandError.
func (g Gate) Run(ctx context.Context, dir string, changes []generator.Change) ([]generator.Change, error) {
	vendored := false
	if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(path.Clean(cmp.Or(g.Module, "."))), "vendor", "modules.txt")); err == nil && g.Revendor != nil {
		vendored = true
	}
	if !g.Tidy && !g.Verify && !vendored {
		return changes, nil
	}
	if g.Verify && g.Command == "" {
		// Before the copy and minutes of tidy, build and vet: the last check cannot run
		// where cgo is off, and that is no failure of the merged tree.
		if err := g.raceRuns(ctx, filepath.Join(dir, filepath.FromSlash(path.Clean(cmp.Or(g.Module, "."))))); err != nil {
			return nil, err
		}
	}
	work, release, err := ScratchDir(dir, ScratchPrefix)
	if err != nil {
		return nil, fmt.Errorf("verify: create a scratch copy: %w", err)
	}
	defer release()
	// Before the copy: go vet, of the default checks and of add's, cannot run where the
	// copy's path is not UTF-8 (go build, go mod tidy and a command of the user's may).
	if err := CheckUTF8(filepath.Join(work, filepath.FromSlash(path.Clean(cmp.Or(g.Module, "."))))); err != nil && g.Verify {
		switch g.Command {
		case "":
			return nil, fmt.Errorf("verify: nothing written: %w; or check the merged tree without go vet: --verify-cmd 'go build ./... && go test -race -vet=off ./...', or pass --no-verify", err)
		case VetCommand:
			return nil, fmt.Errorf("verify: nothing written: %w", err)
		}
	}
	// Whatever the commands run, git in the copy does not reach the user's repository.
	ignored := scratch.GitIgnored(ctx, g.Env, dir)
	g.Env = scratch.Env(g.Env, work)
	g.logf("checking the merged tree in a scratch copy (%s)", work)
	if err := scratch.Copy(dir, work, nil, ignored); err != nil {
		return nil, copyFailed(dir, work, err)
	}
	if err := apply(work, changes); err != nil {
		return nil, fmt.Errorf("verify: %w", err)
	}
	mod := path.Clean(cmp.Or(g.Module, "."))
	if !filepath.IsLocal(filepath.FromSlash(mod)) {
		return nil, fmt.Errorf("verify: the module directory %q is not inside the project", g.Module)
	}
	modWork := filepath.Join(work, filepath.FromSlash(mod))
	ws, err := scratchWorkspace(dir, mod, work, g.Env)
	if err != nil {
		return nil, fmt.Errorf("verify: %w", err)
	}
	// go mod tidy ignores go.work: in a workspace it gets what go.work gives the module
	// in go.mod, taken out again before the result is kept. The checks build in the
	// copy's workspace, as the user does: the project's own go.work, copied with it, or
	// one above the project (a monorepo's), in a go.work of the copy's own where the copy
	// takes the module's place.
	tidyRun := poststep.Runner{Env: append(slices.Clone(g.Env), "GOWORK=off")}
	r := tidyRun
	if ws != nil {
		r = poststep.Runner{Env: append(slices.Clone(g.Env), "GOWORK="+ws.File)}
	} else {
		outer, file, done, err := outerWorkspace(dir, mod, modWork, g.Env)
		if err != nil {
			return nil, fmt.Errorf("verify: %w", err)
		}
		defer done()
		if outer != nil {
			ws = outer
			r = poststep.Runner{Env: append(slices.Clone(g.Env), "GOWORK="+file)}
			g.logf("  in the workspace %s", outer.File)
		}
	}
	modRel, sumRel := path.Join(mod, "go.mod"), path.Join(mod, "go.sum")
	if before, err := os.ReadFile(filepath.Join(modWork, "go.mod")); g.Tidy && err == nil {
		given, err := ws.Require(modRel, before)
		if err != nil {
			return nil, fmt.Errorf("verify: %w", err)
		}
		if err := scratch.WriteFile(work, modRel, given, 0o644); err != nil {
			return nil, fmt.Errorf("verify: %w", err)
		}
		if err := g.run(ctx, tidyRun, modWork, "go", "mod", "tidy"); err != nil {
			return nil, err
		}
		after, err := os.ReadFile(filepath.Join(modWork, "go.mod"))
		if err != nil {
			return nil, fmt.Errorf("verify: %w", err)
		}
		if after, err = ws.Strip(modRel, before, after); err != nil {
			return nil, fmt.Errorf("verify: %w", err)
		}
		if changes, err = g.tidied(dir, work, modRel, after, changes); err != nil {
			return nil, err
		}
		if after, err = os.ReadFile(filepath.Join(modWork, "go.sum")); err == nil {
			if changes, err = g.tidied(dir, work, sumRel, after, changes); err != nil {
				return nil, err
			}
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("verify: %w", err)
		}
	}
	if vendored {
		if changes, err = g.revendor(ctx, dir, mod, modWork, changes); err != nil {
			return nil, err
		}
	}
	if !g.Verify {
		return changes, nil
	}
	if g.Command != "" {
		return changes, g.run(ctx, r, modWork, "sh", "-c", g.Command)
	}
	for _, check := range defaultChecks() {
		if err := g.run(ctx, r, modWork, check...); err != nil {
			return nil, err
		}
	}
	return changes, nil
}

// raceRuns refuses a default gate whose go test -race cannot run here, where cgo is
// off (the race detector needs it): CGO_ENABLED=0 in the environment, or no C compiler,
// for which the go command turns cgo off by itself. It asks `go env` in modDir, the
// module's directory, as the gate's commands would run there.
func (g Gate) raceRuns(ctx context.Context, modDir string) error {
	env := g.Env
	if env == nil {
		env = os.Environ()
	}
	cgo, compiler, ok := goCgo(ctx, modDir, env)
	if !ok {
		// The gate's own commands fail alike, with the go command's words.
		return nil
	}
	why := "CGO_ENABLED=0 is set in the environment: run update without it (unset CGO_ENABLED, or CGO_ENABLED=1 gonew-prod update)"
	without := "--verify-cmd 'go build ./... && go vet ./... && go test ./...'"
	switch v, set := lookupEnv(env, "CGO_ENABLED"); {
	case cgo && hasCompiler(compiler, env):
		return nil
	case cgo:
		why = (&CompilerError{CC: compiler}).Error()
		// With cgo on, go build needs the missing compiler too (runtime/cgo).
		without = "CGO_ENABLED=0 gonew-prod update ... " + without
	case !set || v != "0":
		why = fmt.Sprintf("go env CGO_ENABLED is 0: set by go env -w CGO_ENABLED=0 (undo it with go env -u CGO_ENABLED), or the go command turned cgo off as it finds no C compiler (go env CC: %s; install one, apt-get install gcc or apk add build-base, or name yours with CC=)", compiler)
	}
	return fmt.Errorf("nothing written: the gate runs go test -race ./..., which needs cgo and a C compiler, and cannot run here: %s; or check the merged tree without -race: %s", why, without)
}

// CompilerError reports that cgo is on (go env CGO_ENABLED is 1) while the C compiler
// go env CC names is not installed: a go command that builds with cgo, as the race
// detector and the standard library's net package do, fails in runtime/cgo.
type CompilerError struct {
	CC string // what go env CC names
}

func (e *CompilerError) Error() string {
	return fmt.Sprintf("the C compiler it needs is not installed (go env CC: %s): install one (apt-get install gcc, apk add build-base) or name yours with CC=", e.CC)
}

// CheckCompiler returns a *CompilerError when the go command, run in dir with the
// environment env (nil: the process's), has cgo on while the C compiler it names is
// missing; the check of the gate (Gate.Run) and of anything else that runs the go
// command with cgo. It returns nil when cgo is off, or when go env cannot tell: the go
// command's own failure then says why.
func CheckCompiler(ctx context.Context, dir string, env []string) error {
	if env == nil {
		env = os.Environ()
	}
	if cgo, compiler, ok := goCgo(ctx, dir, env); ok && cgo && !hasCompiler(compiler, env) {
		return &CompilerError{CC: compiler}
	}
	return nil
}

// goCgo asks `go env CGO_ENABLED CC` in dir with env: whether cgo is on, and the C
// compiler ("gcc" when go env names none); ok is false when go env fails.
func goCgo(ctx context.Context, dir string, env []string) (cgo bool, compiler string, ok bool) {
	cmd := exec.CommandContext(ctx, "go", "env", "CGO_ENABLED", "CC")
	cmd.Dir, cmd.Env = dir, env
	out, err := cmd.Output()
	if err != nil {
		return false, "", false
	}
	on, cc, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
	return strings.TrimSpace(on) == "1", cmp.Or(strings.TrimSpace(cc), "gcc"), true
}

// hasCompiler reports whether the C compiler (go env CC, its first word) is installed,
// looked for in the PATH of env. On Windows, where files have no execute bits and
// programs end in .exe, the go command's own check of the compiler stands.
func hasCompiler(compiler string, env []string) bool {
	return runtime.GOOS == "windows" || hasProgram(strings.Fields(compiler)[0], lookupPath(env))
}

// lookupPath returns the PATH of env.
func lookupPath(env []string) string {
	p, _ := lookupEnv(env, "PATH")
	return p
}

// hasProgram reports whether the program file (a name, or a path) is an executable
// file, looked for in the directories of the list pathList when it is a name.
func hasProgram(file, pathList string) bool {
	executable := func(p string) bool {
		info, err := os.Stat(p)
		return err == nil && info.Mode().IsRegular() && info.Mode()&0o111 != 0
	}
	if strings.ContainsRune(file, filepath.Separator) {
		return executable(file)
	}
	for _, d := range filepath.SplitList(pathList) {
		if d != "" && executable(filepath.Join(d, file)) {
			return true
		}
	}
	return false
}

// lookupEnv returns the value of the variable key in env, the last one set, and whether
// env sets it. On Windows, whose variable names know no case, LOCALAPPDATA is
// LocalAppData and Path is PATH.
func lookupEnv(env []string, key string) (string, bool) {
	for i := len(env) - 1; i >= 0; i-- {
		name, v, ok := strings.Cut(env[i], "=")
		if ok && (name == key || runtime.GOOS == "windows" && strings.EqualFold(name, key)) {
			return v, true
		}
	}
	return "", false
}

func (g Gate) logf(format string, args ...any) {
	if g.Log != nil {
		fmt.Fprintf(g.Log, format+"\n", args...)
	}
}

// run runs the command argv with r in dir, logging it with the time it took.
func (g Gate) run(ctx context.Context, r poststep.Runner, dir string, argv ...string) error {
	start := time.Now()
	err := r.Run(ctx, dir, argv[0], argv[1:]...)
	command := strings.Join(argv, " ")
	g.logf("  %s (%s)", command, time.Since(start).Round(100*time.Millisecond))
	if ctxErr := ctx.Err(); err != nil && ctxErr != nil {
		return fmt.Errorf("verify: %s: %w", command, ctxErr)
	}
	return err
}

// scratchWorkspace returns the workspace of the scratch copy at work (its go.work at the
// root) when it uses the copy's module (mod, slash-separated below the root) and the go
// command uses the project's own go.work for the module at dir (workspace.Find, with
// env), or nil. With GOWORK=off the go command ignores go.work, whatever it holds, and
// the user's builds, and so the copy's, are without it; GOWORK naming another go.work,
// or a nearer one of the module's own, is outerWorkspace's. A vendored module is built
// with its vendor/ (the go command ignores it in workspace mode) and gets none.
func scratchWorkspace(dir, mod, work string, env []string) (*workspace.Workspace, error) {
	root := scratch.Real(dir)
	if workspace.Find(filepath.Join(root, filepath.FromSlash(mod)), env) != filepath.Join(root, "go.work") {
		return nil, nil
	}
	modWork := filepath.Join(work, filepath.FromSlash(mod))
	file := filepath.Join(work, "go.work")
	data, err := os.ReadFile(file)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(modWork, "vendor")); err == nil {
		return nil, nil
	}
	return workspace.Parse(file, data, modWork)
}

// revendor runs Revendor on the copy's module at modWork (mod below the project at dir)
// when its go.mod is no longer the tree's, and adds the changes of vendor/ to changes,
// in place of any planned for the same paths: vendor/ then matches the merged go.mod, in
// the copy, for the checks, and in the tree once written.
func (g Gate) revendor(ctx context.Context, dir, mod, modWork string, changes []generator.Change) ([]generator.Change, error) {
	modRel := path.Join(mod, "go.mod")
	before, _, err := look(os.DirFS(dir), modRel)
	if err != nil {
		return nil, err
	}
	after, err := os.ReadFile(filepath.Join(modWork, "go.mod"))
	if err != nil {
		return nil, fmt.Errorf("verify: %w", err)
	}
	if bytes.Equal(bytes.ReplaceAll(before, []byte("\r\n"), []byte("\n")), bytes.ReplaceAll(after, []byte("\r\n"), []byte("\n"))) {
		return changes, nil // the same requirements: vendor/ stays as it is
	}
	run := poststep.Runner{Env: append(slices.Clone(g.Env), "GOWORK=off", "GOFLAGS=-mod=mod")}
	start := time.Now()
	vendor, err := g.Revendor(ctx, run, dir, mod, modWork, before)
	g.logf("  go mod vendor (%s)", time.Since(start).Round(100*time.Millisecond))
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, fmt.Errorf("verify: go mod vendor: %w", ctxErr)
		}
		return nil, err
	}
	for _, c := range vendor {
		if i := slices.IndexFunc(changes, func(x generator.Change) bool { return x.Path == c.Path }); i >= 0 {
			changes[i] = c
		} else {
			changes = append(changes, c)
		}
	}
	return changes, nil
}

// outerWorkspace returns the workspace the go command builds the project's module in
// (mod, slash-separated below the project at dir) when its go.work is not the project's
// own: a go.work above the project that uses the module, as in a monorepo (GOWORK's when
// set). file is a go.work of the copy's own (Workspace.MovedFile) in which the copy at
// modWork takes the module's place; done removes it. A vendored module is built with its
// vendor/ and gets none, as in scratchWorkspace. None: a nil workspace and a done that
// does nothing.
func outerWorkspace(dir, mod, modWork string, env []string) (ws *workspace.Workspace, file string, done func(), err error) {
	done = func() {}
	root := scratch.Real(dir)
	moduleDir := filepath.Join(root, filepath.FromSlash(mod))
	found := workspace.Find(moduleDir, env)
	if found == "" || found == filepath.Join(root, "go.work") {
		return nil, "", done, nil
	}
	if _, err := os.Stat(filepath.Join(moduleDir, "vendor")); err == nil {
		return nil, "", done, nil
	}
	data, err := generator.ReadRegular(os.DirFS(filepath.Dir(found)), filepath.Base(found), generator.MaxTreeFile)
	if err != nil {
		return nil, "", done, fmt.Errorf("%s, the go.work the go command uses for the project, cannot be read: %w; fix it, or set GOWORK=off when the project builds without it", found, err)
	}
	if ws, err = workspace.Parse(found, data, moduleDir); err != nil {
		return nil, "", done, fmt.Errorf("%s, the go.work the go command uses for the project, does not parse: %w; fix it, or set GOWORK=off when the project builds without it", found, err)
	}
	if ws == nil {
		return nil, "", done, nil
	}
	if file, done, err = ws.MovedFile(data, moduleDir, modWork); err != nil {
		return nil, "", func() {}, fmt.Errorf("the workspace %s for the scratch copy: %w", found, err)
	}
	return ws, file, done, nil
}

// tidied is tidied with g's Dropped, for a file g does not keep (Keep) or one the update
// changes; tidy's result for a file kept is the copy's alone, and logged as such.
func (g Gate) tidied(dir, work, name string, after []byte, changes []generator.Change) ([]generator.Change, error) {
	why, kept := g.Keep[name]
	kept = kept && !slices.ContainsFunc(changes, func(c generator.Change) bool { return c.Path == name })
	changes, err := tidied(dir, work, name, after, changes, g.Dropped)
	if err != nil || !kept {
		return changes, err
	}
	g.logf("  %s not written: %s; go mod tidy's is the scratch copy's alone, which the checks build with", name, why)
	return slices.DeleteFunc(changes, func(c generator.Change) bool { return c.Path == name }), nil
}

// TidyKeeps returns the Gate.Keep of plan, the update of the project at dir (or add's
// merge into a project gonew-prod new made; git running with env): the module's go.mod
// and go.sum (moduleDir is the module's directory, "" for the project's root) that the
// plan does not change and that go mod tidy may not change either, each with why. One the user deleted, which the plan keeps deleted, stays so;
// one git ignores where it tracks none, which a commit would leave out, is the user's
// alone (as a change of the plan's to it is refused: CheckHidden). Tidy would otherwise
// write what the plan, and --dry-run, never said.
func TidyKeeps(ctx context.Context, env []string, dir, moduleDir string, plan *Plan) (map[string]string, error) {
	keep := map[string]string{}
	var rest []string
	changes := plan.Changes()
	for _, name := range []string{"go.mod", "go.sum"} {
		p := path.Join(cmp.Or(moduleDir, "."), name)
		i := slices.IndexFunc(plan.Steps, func(s Step) bool { return s.Path == p })
		switch {
		case slices.ContainsFunc(changes, func(c generator.Change) bool { return c.Path == p }):
		case i >= 0 && plan.Steps[i].Action == KeepDeleted:
			keep[p] = fmt.Sprintf("you deleted it, and it stays deleted (gonew-prod update --recreate %s brings it back)", p)
		default:
			rest = append(rest, p)
		}
	}
	ignored, err := untrackedIgnored(ctx, env, dir, rest)
	if err != nil {
		return nil, err
	}
	for _, ig := range ignored {
		keep[ig.Path] = fmt.Sprintf("git ignores it (by %s) and tracks none, and the plan does not change it (run go mod tidy afterwards to bring yours up to date)", ig.Source)
	}
	return keep, nil
}

// tidied adds to changes after, what tidy made of the file name (the module's go.mod or
// go.sum, a project path) in the scratch copy, keeping everything of the user's the file
// held before: tidy may add and raise requirements and checksums, never drop the user's
// (merge.Tidied), but what the merge took from this version that tidy drops goes
// (merge.WithoutUnneeded, merge.TidiedUpdateSum), and so do the user's checksums of a
// module version the update superseded. dropped is Gate.Dropped: tidy may drop those
// requires too, and the user's checksums of the modules of those it dropped go with them
// (go.mod is tidied first, so the copy's go.mod says which). The copy gets the result too,
// so the checks build what is written.
func tidied(dir, work, name string, after []byte, changes []generator.Change, dropped []string) ([]generator.Change, error) {
	old, mode, err := look(os.DirFS(dir), name)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(changes, func(c generator.Change) bool { return c.Path == name })
	planned := old
	if i >= 0 {
		planned = changes[i].Content
	}
	var result []byte
	switch path.Base(name) {
	case "go.mod":
		trimmed := planned
		if planned != nil && old != nil {
			// A require the merge took from this version that the user has none of and
			// no package imports goes, as tidy has it.
			if trimmed, err = merge.WithoutUnneeded(old, planned, after, dropped); err != nil {
				return nil, fmt.Errorf("verify: %w", err)
			}
		}
		if trimmed == nil {
			result = after
		} else if result, err = merge.Tidied(trimmed, after); err != nil {
			return nil, fmt.Errorf("verify: %w", err)
		}
		if trimmed != nil { // the merge's go.mod, which kept every edit of the user's
			if err := merge.GoModPreserves(trimmed, result); err != nil {
				return nil, fmt.Errorf("verify: go mod tidy: %w; nothing written", err)
			}
		}
	default:
		gone, err := goneWith(dir, work, path.Join(path.Dir(name), "go.mod"), dropped)
		if err != nil {
			return nil, err
		}
		if result, err = merge.TidiedUpdateSum(old, planned, after, gone); err != nil {
			return nil, fmt.Errorf("verify: %w", err)
		}
	}
	if err := scratch.WriteFile(work, name, result, 0o644); err != nil {
		return nil, fmt.Errorf("verify: %w", err)
	}
	// A file git checked out with CRLF line endings keeps them.
	result = generator.InEndingsOf(planned, result)
	switch {
	case i >= 0:
		changes[i].Content, changes[i].Delete = result, false
	case !bytes.Equal(old, result):
		if old == nil {
			mode = 0o644
		}
		changes = append(changes, generator.Change{Path: name, Content: result, Mode: mode, Old: old})
	}
	return changes, nil
}

// goneWith returns the module paths of the requires of dropped (Gate.Dropped) that the
// user's go.mod (modName, a project path) has and the copy's tidied one no longer does.
func goneWith(dir, work, modName string, dropped []string) ([]string, error) {
	if len(dropped) == 0 {
		return nil, nil
	}
	yours, _, err := look(os.DirFS(dir), modName)
	if err != nil || yours == nil {
		return nil, err
	}
	final, err := os.ReadFile(filepath.Join(work, filepath.FromSlash(modName)))
	if err != nil {
		return nil, fmt.Errorf("verify: %w", err)
	}
	mods, err := merge.RequiresGone(yours, final, dropped)
	if err != nil {
		return nil, fmt.Errorf("verify: %w", err)
	}
	var gone []string
	for _, m := range mods {
		gone = append(gone, m.Path)
	}
	return gone, nil
}

// apply makes changes to the scratch copy at dir: the deletes first, so that a file
// this version turns into a directory, or a directory into a file, is out of the way,
// and a directory left empty where a file goes is removed, as generator.Write does.
func apply(dir string, changes []generator.Change) error {
	for _, c := range changes {
		if c.Delete {
			if err := scratch.Remove(dir, c.Path); err != nil {
				return err
			}
		}
	}
	for _, c := range changes {
		if c.Delete {
			continue
		}
		if err := removeEmptyDirs(filepath.Join(dir, filepath.FromSlash(c.Path))); err != nil {
			return err
		}
		if err := scratch.WriteFile(dir, c.Path, c.Content, c.Mode); err != nil {
			return err
		}
	}
	return nil
}

// removeEmptyDirs removes the directory at p and the directories in it, when they hold
// nothing else; nothing when p is no directory.
func removeEmptyDirs(p string) error {
	info, err := os.Lstat(p)
	if err != nil || !info.IsDir() {
		return nil
	}
	var dirs []string
	err = filepath.WalkDir(p, func(q string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return fmt.Errorf("%s is in the way of a file the update writes", q)
		}
		dirs = append(dirs, q)
		return nil
	})
	for i := len(dirs) - 1; err == nil && i >= 0; i-- {
		err = os.Remove(dirs[i])
	}
	return err
}
