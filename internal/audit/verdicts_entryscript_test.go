package audit

import (
	"strings"
	"testing"
)

// scriptImage returns files with a Dockerfile whose final stage, FROM base, copies
// the service's binary to /svc and runs a script of the repository as the rest
// (its COPY or ADD and ENTRYPOINT) says, and the script at its path with src.
func scriptImage(files map[string]string, base, rest, script, src string) map[string]string {
	files["Dockerfile"] = "FROM golang:1.26 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/svc .\n\nFROM " + base + "\nCOPY --from=build /out/svc /svc\n" + rest + "\n"
	files[script] = src
	return files
}

// TestEntrypointScriptInterpreter checks that static-image reads the script an
// exec-form ENTRYPOINT, CMD or HEALTHCHECK of a shell-less image runs, when a COPY
// or ADD puts it there from the repository (directly or through a build stage):
// the kernel needs the interpreter its #! line names, which the image lacks.
func TestEntrypointScriptInterpreter(t *testing.T) {
	const static = "gcr.io/distroless/static-debian12:nonroot"
	const sh = "#!/bin/sh\nset -e\nexec /svc \"$@\"\n"
	files := func(base, rest, script, src string) map[string]string {
		return scriptImage(map[string]string{"go.mod": buildGoMod, "main.go": imageMainGo}, base, rest, script, src)
	}
	const names = "whose #! line names /bin/sh, which gcr.io/distroless/static-debian12:nonroot lacks"
	runBuildCases(t, []buildCase{
		{name: "#!/bin/sh script copied from the context", files: files(static, "COPY entrypoint.sh /entrypoint.sh\nENTRYPOINT [\"/entrypoint.sh\"]", "entrypoint.sh", sh), check: "static-image", want: Fail, message: "runs the script entrypoint.sh, " + names, at: "Dockerfile:6"},
		{name: "script copied into a directory, run by name from PATH", files: files(static, "COPY --chmod=0755 docker/entrypoint.sh /usr/local/bin/\nENTRYPOINT [\"entrypoint.sh\"]", "docker/entrypoint.sh", sh), check: "static-image", want: Fail, message: "runs the script docker/entrypoint.sh, " + names},
		{name: "script copied from the build stage's copy of the context", files: files(static, "COPY --from=build /src/scripts/start.sh /start.sh\nCMD [\"/start.sh\"]", "scripts/start.sh", sh), check: "static-image", want: Fail, message: "runs the script scripts/start.sh, " + names},
		{name: "#!/usr/bin/env bash script", files: files(static, "COPY run.sh /run.sh\nENTRYPOINT [\"/run.sh\"]", "run.sh", "#!/usr/bin/env bash\nexec /svc\n"), check: "static-image", want: Fail, message: "whose #! line names /usr/bin/env"},
		{name: "script in scratch, CRLF", files: files("scratch", "COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nUSER 65532\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT [\"/entrypoint.sh\"]", "entrypoint.sh", strings.ReplaceAll(sh, "\n", "\r\n")), check: "static-image", want: Fail, message: "whose #! line names /bin/sh, which scratch lacks"},
		{name: "health check script", files: files(static, "COPY health.sh /health.sh\nENTRYPOINT [\"/svc\"]\nHEALTHCHECK CMD [\"/health.sh\"]", "health.sh", "#!/bin/sh\nexec /svc -health\n"), check: "static-image", want: Fail, message: "the health check can never pass"},
		{name: "the shell copied in too", files: files(static, "COPY --from=busybox:1.37-musl /bin/sh /bin/sh\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT [\"/entrypoint.sh\"]", "entrypoint.sh", sh), check: "static-image", want: Pass},
		{name: "a debug image has a shell", files: files("gcr.io/distroless/static-debian12:debug-nonroot", "COPY entrypoint.sh /entrypoint.sh\nENTRYPOINT [\"/entrypoint.sh\"]", "entrypoint.sh", sh), check: "static-image", want: Pass},
		{name: "the binary itself", files: files(static, "COPY entrypoint.sh /entrypoint.sh\nENTRYPOINT [\"/svc\"]", "entrypoint.sh", sh), check: "static-image", want: Pass},
		{name: "a later copy replaces the script with the binary", files: files(static, "COPY entrypoint.sh /entrypoint.sh\nCOPY --from=build /out/svc /entrypoint.sh\nENTRYPOINT [\"/entrypoint.sh\"]", "entrypoint.sh", sh), check: "static-image", want: Pass},
	})
}

// TestEntrypointScriptSignal checks that shutdown fails a service whose image runs
// it from a shell script without exec: the shell is PID 1 and the stop signal
// never reaches the program. exec, or a trap that passes the signal on, is right.
func TestEntrypointScriptSignal(t *testing.T) {
	files := func(rest, src string) map[string]string {
		return scriptImage(earlyFiles(afterSignal(timedDrain)), "alpine:3.22", "COPY entrypoint.sh /entrypoint.sh\n"+rest, "entrypoint.sh", src)
	}
	const entry = "ENTRYPOINT [\"/entrypoint.sh\"]"
	const noExec = "shell script that starts the program without exec: the shell stays PID 1 and does not pass SIGTERM on"
	const drains = "SIGTERM is caught, Shutdown drains with a timeout"
	runCheckCases(t, []checkCase{
		{name: "no exec", files: files(entry, "#!/bin/sh\nset -e\necho starting\n/svc \"$@\"\n"), check: "shutdown", want: Fail, message: "the image's ENTRYPOINT (Dockerfile:9) runs entrypoint.sh, a " + noExec},
		{name: "no exec, run by sh", files: files("ENTRYPOINT [\"/bin/sh\", \"/entrypoint.sh\"]", "set -e\n/svc\n"), check: "shutdown", want: Fail, message: noExec},
		{name: "no exec, CMD without ENTRYPOINT", files: files("CMD [\"/entrypoint.sh\"]", "#!/usr/bin/env bash\n/svc --port 8080\n"), check: "shutdown", want: Fail, message: "the image's CMD"},
		{name: "exec redirects only", files: files(entry, "#!/bin/sh\nexec >/dev/stdout 2>&1\n/svc\n"), check: "shutdown", want: Fail, message: noExec},
		{name: "exec", files: files(entry, "#!/bin/sh\nset -e\necho starting\nexec /svc \"$@\"\n"), check: "shutdown", want: Pass, message: drains},
		{name: "exec in a branch", files: files(entry, "#!/bin/sh\nif [ \"$1\" = migrate ]; then\n  /svc migrate\nelse\n  exec /svc serve # the server\nfi\n"), check: "shutdown", want: Pass, message: drains},
		{name: "exec through su-exec", files: files(entry, "#!/bin/sh\nexec su-exec app /svc\n"), check: "shutdown", want: Pass, message: drains},
		{name: "a trap passes the signal on", files: files(entry, "#!/bin/sh\n/svc &\npid=$!\ntrap 'kill -TERM \"$pid\"; wait \"$pid\"' TERM INT\nwait \"$pid\"\n"), check: "shutdown", want: Pass, message: drains},
		{name: "an init runs the script", files: files("ENTRYPOINT [\"/sbin/tini\", \"--\", \"/entrypoint.sh\"]", "#!/bin/sh\nexec /svc\n"), check: "shutdown", want: Pass, message: drains},
		{name: "a script of another interpreter", files: files(entry, "#!/usr/bin/python3\nimport os\nos.execv('/svc', ['/svc'])\n"), check: "shutdown", want: Pass, message: drains},
	})
}
