package generator

import (
	"bytes"
	"slices"
	"strings"
	"testing"
)

// TestKeepComments checks that a record rewritten for a new version keeps the comments
// a team added to the one it replaces, at their keys and list items, and reports those
// whose key is gone; a record without such comments comes out byte for byte as Encode
// renders it.
func TestKeepComments(t *testing.T) {
	rec := func(version string, files ...string) []byte {
		r := Record{Generator: RecordGenerator{Name: "gonew-prod", Version: version, Templates: "sha256:x"},
			Answers: Answers{Module: "example.com/acme/orders", Name: "orders", Framework: "gin", Go: "1.26", HTTPPort: 8080}}
		for _, f := range files {
			r.Files = append(r.Files, RecordEntry{Path: f, SHA256: Sum([]byte(f)), Owner: OwnerTool})
		}
		f, err := r.Encode()
		if err != nil {
			t.Fatal(err)
		}
		return f.Content
	}
	edit := func(data []byte, pairs ...string) []byte {
		s := string(data)
		for i := 0; i < len(pairs); i += 2 {
			if !strings.Contains(s, pairs[i]) {
				t.Fatalf("fixture lacks %q", pairs[i])
			}
			s = strings.Replace(s, pairs[i], pairs[i+1], 1)
		}
		return []byte(s)
	}
	commented := func(data []byte) []byte {
		return edit(data,
			"answers:\n", "# SEC-42: http_port is fixed by the mesh\nanswers:\n",
			"  http_port: 8080\n", "  http_port: 8080 # the mesh's\n",
			"  - path: b.go\n", "  # b.go: reviewed by sre\n  - path: b.go\n")
	}
	v1, v2 := rec("v1", "a.go", "b.go"), rec("v2", "a.go", "b.go")
	tests := []struct {
		name        string
		old, new    []byte
		want        []byte
		wantDropped []string
	}{
		{name: "no comments of the user's", old: v1, new: v2, want: v2},
		{name: "comments carried", old: commented(v1), new: v2, want: commented(v2)},
		{name: "CRLF checkout", old: bytes.ReplaceAll(commented(v1), []byte("\n"), []byte("\r\n")), new: v2, want: commented(v2)},
		{name: "the commented file is dropped", old: commented(v1), new: rec("v2", "a.go"),
			want:        edit(rec("v2", "a.go"), "answers:\n", "# SEC-42: http_port is fixed by the mesh\nanswers:\n", "  http_port: 8080\n", "  http_port: 8080 # the mesh's\n"),
			wantDropped: []string{"# b.go: reviewed by sre"}},
		{name: "a byte order mark", old: slices.Concat(bom, commented(v1)), new: v2, want: slices.Concat(bom, commented(v2))},
		{name: "a byte order mark without comments", old: slices.Concat(bom, v1), new: v2, want: slices.Concat(bom, v2)},
		{name: "a byte order mark, CRLF checkout", old: slices.Concat(bom, bytes.ReplaceAll(commented(v1), []byte("\n"), []byte("\r\n"))), new: v2, want: slices.Concat(bom, commented(v2))},
		{name: "a header of the user's stands instead", old: edit(v1, "# Written by gonew-prod:", "# Ours, written by gonew-prod:"), new: v2,
			want: edit(v2, "# Written by gonew-prod:", "# Ours, written by gonew-prod:")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, dropped := KeepComments(tt.old, tt.new)
			if !bytes.Equal(got, tt.want) {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
			if !slices.Equal(dropped, tt.wantDropped) {
				t.Errorf("dropped %q, want %q", dropped, tt.wantDropped)
			}
			if _, err := ParseRecord("record", got); err != nil {
				t.Errorf("the result does not parse: %v", err)
			}
		})
	}
}

// TestRebaseRecord: the record of a project in a directory, as it reads from the
// directory above: the paths of its files and blocks joined to the directory, every
// comment, the header and the other values as they were; a record that does not parse
// as it is.
func TestRebaseRecord(t *testing.T) {
	r := Record{Generator: RecordGenerator{Name: "gonew-prod", Version: "v1", Templates: "sha256:x"},
		Answers:    Answers{Module: "example.com/acme/orders", Name: "orders", Framework: "nethttp", Go: "1.26", HTTPPort: 8080},
		Components: []string{"makefile"}, Vars: map[string]string{"moduleDir": ".", "mainPackage": "."},
		Files:  []RecordEntry{{Path: "gonew-prod.mk", SHA256: Sum([]byte("mk")), Owner: OwnerTool}},
		Blocks: []RecordBlock{{Path: "Makefile", ID: "makefile", SHA256: Sum([]byte("b"))}}}
	f, err := r.Encode()
	if err != nil {
		t.Fatal(err)
	}
	commented := strings.Replace(string(f.Content), "components:", "# OPS-9: reviewed\ncomponents:", 1)
	tests := []struct {
		name, data string
		want       []string // in the result
		same       bool     // the result is data
	}{
		{"a record", commented, []string{"# OPS-9: reviewed\ncomponents:", "path: svc/gonew-prod.mk", "path: svc/Makefile", "mainPackage: .", "moduleDir: ."}, false},
		{"CRLF", strings.ReplaceAll(commented, "\n", "\r\n"), []string{"# OPS-9: reviewed\ncomponents:", "path: svc/gonew-prod.mk"}, false},
		{"does not parse", "files: [\n", nil, true},
		{"a byte order mark", "\ufeff" + commented, []string{"\ufeff" + retrofitHeader, "# OPS-9: reviewed\ncomponents:", "path: svc/gonew-prod.mk"}, false},
		{"a byte order mark, does not parse", "\ufefffiles: [\n", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(RebaseRecord([]byte(tt.data), "svc"))
			if tt.same && got != tt.data {
				t.Errorf("RebaseRecord = %q, want the data as it is", got)
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("RebaseRecord lacks %q:\n%s", w, got)
				}
			}
			if head := strings.TrimPrefix(got, "\ufeff"); !tt.same && !strings.HasPrefix(head, retrofitHeader) && !strings.HasPrefix(head, recordHeader) {
				t.Errorf("RebaseRecord lost the header:\n%s", got)
			}
		})
	}
}

// TestRecordNotApplied: the record lists a not-applied path in conflicts and in
// not_applied, reads back as it was written, and refuses a not_applied path that
// conflicts does not list.
func TestRecordNotApplied(t *testing.T) {
	r := Record{Generator: RecordGenerator{Name: "gonew-prod", Version: "v1", Templates: "sha256:x"},
		Answers:   Answers{Module: "example.com/acme/orders", Name: "orders", Framework: "gin", Go: "1.26", HTTPPort: 8080},
		Files:     []RecordEntry{{Path: "scripts/deploy.sh", SHA256: Sum([]byte("x")), Owner: OwnerTool}},
		Conflicts: []string{"main.go", "scripts/deploy.sh"}, NotApplied: []string{"scripts/deploy.sh"}}
	f, err := r.Encode()
	if err != nil {
		t.Fatal(err)
	}
	got, err := ParseRecord("record", f.Content)
	if err != nil || !slices.Equal(got.NotApplied, r.NotApplied) || !slices.Equal(got.Conflicts, r.Conflicts) {
		t.Fatalf("read back: %v, conflicts %q, not_applied %q", err, got.Conflicts, got.NotApplied)
	}
	bad := strings.Replace(string(f.Content), "  - scripts/deploy.sh\nnot_applied:", "not_applied:", 1)
	if bad == string(f.Content) {
		t.Fatalf("fixture lacks the conflicts entry:\n%s", f.Content)
	}
	if _, err := ParseRecord("record", []byte(bad)); err == nil || !strings.Contains(err.Error(), `not_applied lists "scripts/deploy.sh", which conflicts does not`) {
		t.Errorf("not_applied path missing from conflicts: %v", err)
	}
}

// TestRecordModes checks that a record names the mode of each file whose mode is not
// 0644 (a pack's executable script) and of no other, reads it back, and refuses a mode
// that is not octal permission bits.
func TestRecordModes(t *testing.T) {
	r := Record{Generator: RecordGenerator{Name: "gonew-prod", Version: "v0.1.0", Templates: "sha256:x"},
		Answers: Answers{Module: "example.com/acme/orders", Name: "orders", Framework: "gin", Go: "1.26", HTTPPort: 8080}}
	f, err := r.File([]File{
		{Path: "Makefile", Mode: 0o644, Owner: OwnerTool, Content: []byte("all:\n")},
		{Path: "scripts/run.sh", Mode: 0o755, Owner: OwnerTool, Content: []byte("#!/bin/sh\n")},
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(f.Content), "mode:"); n != 1 || !strings.Contains(string(f.Content), "mode: \"0755\"") {
		t.Fatalf("record holds %d modes, want one, 0755:\n%s", n, f.Content)
	}
	got, err := ParseRecord(RecordFile, f.Content)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		path string
		want uint32
	}{{"Makefile", 0o644}, {"scripts/run.sh", 0o755}} {
		if m := got.Entry(tt.path).FileMode(); uint32(m) != tt.want {
			t.Errorf("%s: mode %04o, want %04o", tt.path, uint32(m), tt.want)
		}
	}
	for _, bad := range []string{"755", "0x1ed", "0999", "rwx", "07555"} {
		data := strings.Replace(string(f.Content), `mode: "0755"`, `mode: "`+bad+`"`, 1)
		if _, err := ParseRecord(RecordFile, []byte(data)); err == nil || !strings.Contains(err.Error(), "scripts/run.sh: mode") {
			t.Errorf("mode %q: ParseRecord = %v, want a refusal naming the file", bad, err)
		}
	}
}
