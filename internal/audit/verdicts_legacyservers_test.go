package audit

import (
	"context"
	"testing"
)

// legacyServers are services started by frameworks under import paths other than
// the current major version's: Echo v3 (github.com/labstack/echo), whose Start is
// Echo v4's, and Iris v12, which this audit does not read.
var legacyServers = []struct {
	name, require, src string
	// want is the verdict of each check.
	want map[string]Status
}{
	{
		name:    "Echo v3",
		require: "github.com/labstack/echo v3.3.10+incompatible",
		src: `package main

import (
	"net/http"

	"github.com/labstack/echo"
	"github.com/labstack/echo/middleware"
)

func main() {
	e := echo.New()
	e.Use(middleware.Logger())
	e.GET("/orders", func(c echo.Context) error { return c.JSON(http.StatusOK, []string{}) })
	e.Logger.Fatal(e.Start(":8080"))
}
`,
		want: map[string]Status{"shutdown": Fail, "timeouts": Fail},
	},
	{
		name:    "Iris v12",
		require: "github.com/kataras/iris/v12 v12.2.11",
		src: `package main

import "github.com/kataras/iris/v12"

func main() {
	app := iris.New()
	app.Get("/orders", func(ctx iris.Context) { ctx.JSON([]string{}) })
	app.Listen(":8080")
}
`,
		want: map[string]Status{"shutdown": Unknown, "timeouts": Unknown},
	},
}

// TestLegacyServers checks that a service of legacyServers is taken for one, its
// server checks judged, not a tool's.
func TestLegacyServers(t *testing.T) {
	for _, tt := range legacyServers {
		for check, want := range tt.want {
			t.Run(tt.name+"/"+check, func(t *testing.T) {
				files := withGoMod(mainFiles("example.test/l", tt.src), "module example.test/l\n\ngo 1.16\n\nrequire "+tt.require+"\n")
				rep, err := Run(context.Background(), openInlineAt(t, files, ""), Options{Only: []string{check}})
				if err != nil {
					t.Fatal(err)
				}
				if len(rep.Mains) != 1 || !rep.Mains[0].Service {
					t.Fatalf("mains %+v, want one service", rep.Mains)
				}
				if len(rep.Results) != 1 || rep.Results[0].Status != want {
					t.Fatalf("results %+v, want %s", rep.Results, want)
				}
			})
		}
	}
}
