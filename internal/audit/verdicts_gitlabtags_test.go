package audit

import "testing"

// gitlabTagsRepo returns a service whose .gitlab-ci.yml has one job, test, that
// runs go vet, go test -race, staticcheck and go mod verify, with the job lines
// restrict after its script; head comes before the job.
func gitlabTagsRepo(head, restrict string) map[string]string {
	return map[string]string{
		"go.mod":  buildGoMod,
		"main.go": buildMainGo,
		"go.sum":  "",
		".gitlab-ci.yml": head + "test:\n  image: golang:1.26\n  script:\n    - go vet ./...\n    - go test -race ./...\n    - staticcheck ./...\n    - go mod verify\n" +
			restrict,
	}
}

// TestGitLabTagOnlyVerdicts checks GitLab jobs that run in tag pipelines alone
// (only: tags, except: branches, rules whose if: tests $CI_COMMIT_TAG, workflow rules
// that create tag pipelines alone): like a GitHub workflow on pushed tags, they check
// no push or merge request of Go code, so their commands count for neither ci nor
// modverify, and the message names the restriction.
func TestGitLabTagOnlyVerdicts(t *testing.T) {
	const idle = "job test never runs for a change of Go code alone: "
	const ciWarn, ciPass = "CI does not run go vet, go test -race, a linter", "CI runs go vet, go test -race and a linter"
	runCheckCases(t, []checkCase{
		{name: "ci: a job of every pipeline", files: gitlabTagsRepo("", ""), check: "ci", want: Pass, message: ciPass},
		{name: "ci: only: tags", files: gitlabTagsRepo("", "  only:\n    - tags\n"), check: "ci", want: Warn, message: idle + "its only: leaves it to the pipelines of tags alone"},
		{name: "ci: only: refs: tags", files: gitlabTagsRepo("", "  only:\n    refs: [tags]\n"), check: "ci", want: Warn, message: idle + "its only: leaves it to the pipelines of tags alone"},
		{name: "ci: only: tags and web", files: gitlabTagsRepo("", "  only: [tags, web]\n"), check: "ci", want: Warn, message: idle + "its only: leaves it to the pipelines of tags and web alone"},
		{name: "ci: only: tags and merge requests", files: gitlabTagsRepo("", "  only: [tags, merge_requests]\n"), check: "ci", want: Pass, message: ciPass},
		{name: "ci: only: a branch", files: gitlabTagsRepo("", "  only: [main]\n"), check: "ci", want: Pass, message: ciPass},
		{name: "ci: only: variables testing $CI_COMMIT_TAG", files: gitlabTagsRepo("", "  only:\n    variables:\n      - $CI_COMMIT_TAG\n"), check: "ci", want: Warn, message: idle + "its only: variables each test $CI_COMMIT_TAG"},
		{name: "ci: except: branches", files: gitlabTagsRepo("", "  except:\n    - branches\n"), check: "ci", want: Warn, message: idle + "its except: leaves it to the pipelines of tags alone"},
		{name: "ci: except: tags", files: gitlabTagsRepo("", "  except:\n    - tags\n"), check: "ci", want: Pass, message: ciPass},
		{name: "ci: rules: if $CI_COMMIT_TAG", files: gitlabTagsRepo("", "  rules:\n    - if: $CI_COMMIT_TAG\n"), check: "ci", want: Warn, message: idle + "its rules add it only where $CI_COMMIT_TAG is set"},
		{name: "ci: rules: if $CI_COMMIT_TAG =~ a pattern", files: gitlabTagsRepo("", "  rules:\n    - if: '$CI_COMMIT_TAG =~ /^v\\d+/'\n"), check: "ci", want: Warn, message: idle + "its rules add it only where $CI_COMMIT_TAG is set"},
		{name: "ci: rules: if $CI_COMMIT_TAG != null and another test", files: gitlabTagsRepo("", "  rules:\n    - if: '$CI_COMMIT_TAG != null && $CI_COMMIT_REF_PROTECTED == \"true\"'\n"), check: "ci", want: Warn, message: idle + "its rules add it only where $CI_COMMIT_TAG is set"},
		{name: "ci: rules: if $CI_COMMIT_TAG, else never", files: gitlabTagsRepo("", "  rules:\n    - if: $CI_COMMIT_TAG\n    - when: never\n"), check: "ci", want: Warn, message: idle + "its rules add it only where $CI_COMMIT_TAG is set"},
		{name: "ci: rules: if $CI_COMMIT_TAG == null", files: gitlabTagsRepo("", "  rules:\n    - if: $CI_COMMIT_TAG == null\n"), check: "ci", want: Pass, message: ciPass},
		{name: "ci: rules: if $CI_COMMIT_TAG or a merge request", files: gitlabTagsRepo("", "  rules:\n    - if: $CI_COMMIT_TAG || $CI_MERGE_REQUEST_IID\n"), check: "ci", want: Pass, message: ciPass},
		{name: "ci: rules: a tag rule and a merge request rule", files: gitlabTagsRepo("", "  rules:\n    - if: $CI_COMMIT_TAG\n    - if: $CI_PIPELINE_SOURCE == \"merge_request_event\"\n"), check: "ci", want: Pass, message: ciPass},
		{name: "ci: only: tags from the hidden job it extends", files: gitlabTagsRepo(".release:\n  only: [tags]\n\n", "  extends: .release\n"), check: "ci", want: Warn, message: idle + "its only: leaves it to the pipelines of tags alone"},
		{
			name:    "ci: workflow rules that create tag pipelines alone",
			files:   gitlabTagsRepo("workflow:\n  rules:\n    - if: $CI_COMMIT_TAG\n\n", ""),
			check:   "ci",
			want:    Warn,
			message: ".gitlab-ci.yml never runs for a change of Go code alone: its workflow rules create pipelines only where $CI_COMMIT_TAG is set",
		},
		{name: "ci: workflow rules for tags and merge requests", files: gitlabTagsRepo("workflow:\n  rules:\n    - if: $CI_COMMIT_TAG\n    - if: $CI_MERGE_REQUEST_IID\n\n", ""), check: "ci", want: Pass, message: ciPass},
		{name: "modverify: a job of every pipeline", files: gitlabTagsRepo("", ""), check: "modverify", want: Pass, message: "CI verifies modules"},
		{name: "modverify: only: tags", files: gitlabTagsRepo("", "  only:\n    - tags\n"), check: "modverify", want: Warn, message: "CI neither runs go mod verify nor builds with -mod=readonly (.gitlab-ci.yml " + idle},
		{name: "modverify: rules: if $CI_COMMIT_TAG", files: gitlabTagsRepo("", "  rules:\n    - if: $CI_COMMIT_TAG\n"), check: "modverify", want: Warn, message: idle + "its rules add it only where $CI_COMMIT_TAG is set"},
	})
}
