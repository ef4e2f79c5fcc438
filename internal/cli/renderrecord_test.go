package cli

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/buildinfo"
	"github.com/gonew-prod/gonew-prod/internal/retrofit"
	"github.com/gonew-prod/gonew-prod/internal/treetest"
)

// TestRenderRecordCommand: the hidden command another gonew-prod runs prints, as JSON,
// what add of this version wrote for a record, exactly as RenderRecorded renders it,
// changes nothing, refuses a record of another version, and is not listed in the help.
func TestRenderRecordCommand(t *testing.T) {
	dir := gitRepo(t, service)
	if r := run(t, dir, "add", "--yes", "makefile", "docker", "ci"); r.code != ExitOK {
		t.Fatalf("add: exit %d: %s", r.code, r.stderr)
	}
	record := filepath.Join(dir, generator.RecordFile)
	before := treetest.Describe(t, dir)
	r := run(t, "", retrofit.RenderCommand, "--dir", dir, "--record", record)
	wantCode(t, r, ExitOK, retrofit.RenderCommand)
	if after := treetest.Describe(t, dir); !equalTrees(before, after) {
		t.Errorf("%s changed the repository:\n%s", retrofit.RenderCommand, treeDiff(before, after))
	}
	got, err := retrofit.DecodeRender([]byte(r.stdout))
	if err != nil {
		t.Fatal(err)
	}
	rec := readRecord(t, dir)
	want, err := retrofit.RenderRecorded(context.Background(), rec, buildinfo.Get().ModuleVersion, retrofit.TreeReader(dir))
	if err != nil {
		t.Fatal(err)
	}
	wantJSON, _ := retrofit.EncodeRender(want)
	if gotJSON, _ := retrofit.EncodeRender(got); !bytes.Equal(gotJSON, wantJSON) {
		t.Errorf("printed\n%s\nwant\n%s", gotJSON, wantJSON)
	}
	if len(got.Files) == 0 || len(got.Blocks) == 0 {
		t.Errorf("printed %d files and %d blocks, want add's files and its Makefile block", len(got.Files), len(got.Blocks))
	}

	rewriteRecord(t, dir, func(r *generator.Record) { r.Generator.Version = "v9.9.9" })
	r = run(t, "", retrofit.RenderCommand, "--dir", dir, "--record", record)
	if r.code != ExitUsage || !strings.Contains(r.stderr, "is of gonew-prod v9.9.9, not of this gonew-prod") || r.stdout != "" {
		t.Errorf("a record of another version: exit %d, stdout %q, stderr %q; want exit 2 and a refusal", r.code, r.stdout, r.stderr)
	}
	if r = run(t, "", retrofit.RenderCommand, "--format", "2", "--dir", dir, "--record", record); r.code != ExitUsage || !strings.Contains(r.stderr, "prints format 1") {
		t.Errorf("--format 2: exit %d, stderr %q", r.code, r.stderr)
	}
	if r = run(t, "", "--help"); strings.Contains(r.stdout, retrofit.RenderCommand) {
		t.Errorf("--help lists the hidden %s:\n%s", retrofit.RenderCommand, r.stdout)
	}
}

// TestRenderRecordNamedPipe: the hidden command, given a named pipe for --record, refuses
// it at once, naming it, instead of waiting on its open for a writer for good.
func TestRenderRecordNamedPipe(t *testing.T) {
	dir := t.TempDir()
	record := filepath.Join(dir, generator.RecordFile)
	treetest.Mkfifo(t, record, 0o600)
	r := treetest.Returns(t, record, 5*time.Second, retrofit.RenderCommand+" waited on the named pipe --record", func() result {
		return run(t, "", retrofit.RenderCommand, "--dir", dir, "--record", record)
	})
	if r.code != ExitUsage || !strings.Contains(r.stderr, "--record "+record) || !strings.Contains(r.stderr, "not a regular file") {
		t.Errorf("a named pipe for --record: exit %d, stderr %q; want exit 2 and a refusal naming it, not a regular file", r.code, r.stderr)
	}
}
