package audit

import "testing"

// TestProcsOptInOverride audits services that call runtime.GOMAXPROCS(n) only under
// a condition: one that reads the value n is made of is an override an operator
// asks for (UNKNOWN: GOMAXPROCS follows the CPU limit unless it is asked for); a
// cap on the host's CPUs fixes GOMAXPROCS where it applies (FAIL).
func TestProcsOptInOverride(t *testing.T) {
	svc := func(imports, code string) map[string]string {
		return map[string]string{
			"go.mod": "module example.test/shop\n\ngo 1.25\n",
			"cmd/svc/main.go": "package main\n\nimport (\n\t\"net/http\"\n\t\"runtime\"\n\t\"runtime/debug\"\n" + imports + ")\n\nfunc main() {\n" + code +
				"\tdebug.SetMemoryLimit(1 << 30)\n\thttp.ListenAndServe(\":8080\", nil)\n}\n",
		}
	}
	const optIn = "runtime.GOMAXPROCS(n) at cmd/svc/main.go:"
	const fixed = "runtime.GOMAXPROCS(n) fixes GOMAXPROCS"
	runCheckCases(t, []checkCase{
		{
			name:    "a flag that defaults to 0",
			files:   svc("\t\"flag\"\n", "\tprocs := flag.Int(\"procs\", 0, \"override GOMAXPROCS\")\n\tflag.Parse()\n\tif *procs > 0 {\n\t\truntime.GOMAXPROCS(*procs)\n\t}\n"),
			check:   "procs",
			want:    Unknown,
			message: optIn + "14 runs only when the condition at cmd/svc/main.go:13 holds",
		},
		{
			name:    "an environment variable read into a number",
			files:   svc("\t\"os\"\n\t\"strconv\"\n", "\tif v := os.Getenv(\"APP_PROCS\"); v != \"\" {\n\t\tif n, err := strconv.Atoi(v); err == nil {\n\t\t\truntime.GOMAXPROCS(n)\n\t\t}\n\t}\n"),
			check:   "procs",
			want:    Unknown,
			message: optIn,
		},
		{
			name:    "a cap on the host's CPUs",
			files:   svc("", "\tif runtime.NumCPU() > 8 {\n\t\truntime.GOMAXPROCS(8)\n\t}\n"),
			check:   "procs",
			want:    Fail,
			message: fixed,
		},
		{
			name:    "a value from the host's CPUs under its own test",
			files:   svc("", "\tif runtime.NumCPU() > 8 {\n\t\truntime.GOMAXPROCS(runtime.NumCPU() / 2)\n\t}\n"),
			check:   "procs",
			want:    Fail,
			message: fixed,
		},
		{
			name:    "a cap on the host's CPUs held in a variable of the if",
			files:   svc("", "\tif n := runtime.NumCPU(); n > 8 {\n\t\truntime.GOMAXPROCS(n / 2)\n\t}\n"),
			check:   "procs",
			want:    Fail,
			message: "fixes GOMAXPROCS",
		},
		{
			name:    "one less than the host's CPUs, tested",
			files:   svc("", "\tn := runtime.NumCPU() - 1\n\tif n > 0 {\n\t\truntime.GOMAXPROCS(n)\n\t}\n"),
			check:   "procs",
			want:    Fail,
			message: fixed,
		},
		{
			name:    "unconditional",
			files:   svc("", "\truntime.GOMAXPROCS(4)\n"),
			check:   "procs",
			want:    Fail,
			message: fixed,
		},
	})
}
