package audit

import "testing"

// dockerSourcing returns a service whose Dockerfile's build stage (golang:1.26,
// WORKDIR /src) runs lines, with the files of extra.
func dockerSourcing(lines string, extra map[string]string) map[string]string {
	return withFiles(map[string]string{
		"go.mod": buildGoMod, "main.go": buildMainGo,
		"Dockerfile": "FROM golang:1.26 AS build\nWORKDIR /src\n" + lines + "\n\nFROM scratch\nUSER 65532\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /bin/svc /svc\n",
	}, extra)
}

// TestDockerRunSourcedWrites: a sourced script that a RUN writes over is no file of
// the build context, whatever writes it (round 42): a redirection of another
// descriptor (2>), one over noclobber (>|, which is no pipe), an exec that opens it
// (exec 3>>), perl -pi, gawk -i inplace, a curl -o, -O or wget -O download; in an
// earlier RUN, or in the same RUN after the script was read. What reads it, or
// writes another file, leaves it the context's.
func TestDockerRunSourcedWrites(t *testing.T) {
	const (
		static  = "the final image is static and the binary is built with CGO_ENABLED=0"
		untied  = "a script that this audit cannot tie to a file of the build context"
		build   = "go build -o /bin/svc ."
		off     = "export CGO_ENABLED=0\n"
		sourced = "\nRUN . ./env.sh; " + build
	)
	written := func(run string) map[string]string {
		return dockerSourcing("COPY . .\nRUN "+run+sourced, map[string]string{"env.sh": off})
	}
	runBuildCases(t, []buildCase{
		{name: "2> env.sh", files: written("echo export CGO_ENABLED=1 2> env.sh"), check: "static-image", want: Unknown, message: untied},
		{name: ">| env.sh", files: written("echo 'export CGO_ENABLED=1' >| env.sh"), check: "static-image", want: Unknown, message: untied},
		{name: ">|env.sh", files: written("echo 'export CGO_ENABLED=1' >|env.sh"), check: "static-image", want: Unknown, message: untied},
		{name: "exec 3>> env.sh", files: written("exec 3>> env.sh; echo 'export CGO_ENABLED=1' >&3"), check: "static-image", want: Unknown, message: untied},
		{name: "exec 3>/src/env.sh", files: written("exec 3>/src/env.sh"), check: "static-image", want: Unknown, message: untied},
		{name: "perl -pi -e", files: written("perl -pi -e 's/=0/=1/' env.sh"), check: "static-image", want: Unknown, message: untied},
		{name: "perl -i.bak -pe", files: written("perl -i.bak -pe 's/=0/=1/' env.sh"), check: "static-image", want: Unknown, message: untied},
		{name: "awk -i inplace", files: written("awk -i inplace '{ sub(/=0/, \"=1\") } 1' env.sh"), check: "static-image", want: Unknown, message: untied},
		{name: "gawk -iinplace -v x=1 -f edit.awk", files: written("gawk -iinplace -v x=1 -f edit.awk env.sh"), check: "static-image", want: Unknown, message: untied},
		{name: "curl -o env.sh", files: written("curl -o env.sh https://example.com/env.sh"), check: "static-image", want: Unknown, message: untied},
		{name: "curl -fsSLo env.sh", files: written("curl -fsSLo env.sh https://example.com/env.sh"), check: "static-image", want: Unknown, message: untied},
		{name: "curl --output=env.sh", files: written("curl --output=env.sh https://example.com/env.sh"), check: "static-image", want: Unknown, message: untied},
		{name: "curl -O of a URL ending in env.sh", files: written("curl -fsSLO https://example.com/cfg/env.sh"), check: "static-image", want: Unknown, message: untied},
		{name: "wget -O env.sh", files: written("wget -O env.sh https://example.com/env.sh"), check: "static-image", want: Unknown, message: untied},
		{name: "wget -qO env.sh", files: written("wget -qO env.sh https://example.com/cfg"), check: "static-image", want: Unknown, message: untied},
		{name: "wget --output-document=env.sh", files: written("wget --output-document=env.sh https://example.com/cfg"), check: "static-image", want: Unknown, message: untied},
		{name: "curl -o in the same RUN after the script was read", files: dockerSourcing("COPY . .\nRUN . ./env.sh; curl -fsSLo env.sh https://example.com/env.sh; . ./env.sh; "+build, map[string]string{"env.sh": off}), check: "static-image", want: Unknown, message: untied},
		// reading it, writing elsewhere or to a descriptor
		{name: "2>&1 into a pipe", files: written("sh ./env.sh 2>&1 | cat"), check: "static-image", want: Pass, message: static},
		{name: ">&2", files: written("cat env.sh >&2"), check: "static-image", want: Pass, message: static},
		{name: "perl -Mstrict -pe: no -i", files: written("perl -Mstrict -pe 1 env.sh"), check: "static-image", want: Pass, message: static},
		{name: "awk without inplace", files: written("awk '{ print }' env.sh > /tmp/out"), check: "static-image", want: Pass, message: static},
		{name: "curl -o another file", files: written("curl -o other.sh https://example.com/env.sh"), check: "static-image", want: Pass, message: static},
		{name: "wget -qO- to the standard output", files: written("wget -qO- https://example.com/env.sh"), check: "static-image", want: Pass, message: static},
		{name: "wget without -O: env.sh.1 beside it", files: written("wget https://example.com/env.sh"), check: "static-image", want: Pass, message: static},
	})
}
