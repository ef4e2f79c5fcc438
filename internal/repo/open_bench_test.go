package repo

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkOpenModules measures Open on a repository of many modules, each with a main
// package that imports ten packages of its module and the standard library: the time
// per module should stay flat as the number of modules grows.
func BenchmarkOpenModules(b *testing.B) {
	for _, n := range []int{100, 400, 800} {
		root := b.TempDir()
		write := func(name, data string) {
			p := filepath.Join(root, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				b.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
				b.Fatal(err)
			}
		}
		for i := range n {
			dir := fmt.Sprintf("svc%d", i)
			write(dir+"/go.mod", fmt.Sprintf("module example.test/svc%d\n\ngo 1.26\n", i))
			imports := ""
			for j := range 10 {
				imports += fmt.Sprintf("\t_ \"example.test/svc%d/p%d\"\n", i, j)
				write(fmt.Sprintf("%s/p%d/p.go", dir, j), fmt.Sprintf("package p%d\n\nimport (\n\t\"context\"\n\t\"fmt\"\n\t\"net/http\"\n)\n\nvar _, _, _ = fmt.Sprint, http.Get, context.Background\n", j))
			}
			write(dir+"/main.go", "package main\n\nimport (\n"+imports+")\n\nfunc main() {}\n")
		}
		fsys := os.DirFS(root)
		b.Run(fmt.Sprintf("modules=%d", n), func(b *testing.B) {
			for b.Loop() {
				r, err := OpenIn(context.Background(), fsys, ".", "bench")
				if err != nil {
					b.Fatal(err)
				}
				if len(r.Mains) != n {
					b.Fatalf("%d mains, want %d", len(r.Mains), n)
				}
			}
		})
	}
}
