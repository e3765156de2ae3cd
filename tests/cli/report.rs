//! `kata report`: every format rendered from saved results (tests/fixtures/results, written by
//! real gradings of tests/fixtures/assessment; nothing is built here), merging, and the HTML
//! report as a person sees it in headless Chromium.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{repo, KataTest};

/// The fixture results: alice (hostile text everywhere, an override, a file changed after
/// packing), bob (kata folder deleted, nothing written), carol (compile error, misconception).
fn fixture(name: &str) -> String {
    repo().join("tests/fixtures/results").join(name).to_str().unwrap().to_string()
}

/// The values of every `attr="..."` in `html`.
fn attribute_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .map(|(at, _)| {
            let rest = &html[at + needle.len()..];
            &rest[..rest.find('"').unwrap_or(rest.len())]
        })
        .collect()
}

/// Every tag (`<...>`) of `html`.
fn tags(html: &str) -> Vec<&str> {
    html.split('<').skip(1).map(|rest| &rest[..rest.find('>').unwrap_or(rest.len())]).collect()
}

fn render_html(t: &KataTest, inputs: &[String], name: &str) -> String {
    let mut args: Vec<&str> = vec!["report"];
    args.extend(inputs.iter().map(String::as_str));
    args.extend(["--html", name]);
    t.run(&args).expect_code(0).stderr_has("wrote");
    std::fs::read_to_string(t.path().join(name)).unwrap()
}

#[test]
fn html_report_shows_every_part_and_escapes_candidate_text() {
    let t = KataTest::new();
    let html = render_html(&t, &[fixture("alice.json")], "alice.html");
    for expected in [
        "<title>alice: Mini assessment (test fixture)</title>",
        r#"id="total">78<"#,
        "Coding katas",
        "Written answers",
        "Reflection",
        // Per kata: every hidden test's verdict, the chart, the failure message.
        "adds_small_numbers",
        "adds_many_numbers",
        "private_field_is_private",
        ">FAILED<",
        ">PASSED<",
        "<svg class=\"chart\"",
        // Per question: score, evidence, override and its note.
        "Q1. Adding safely",
        "OVERRIDDEN",
        "clear on overflow; &lt;b&gt;the error path&lt;&#x2f;b&gt; is right (interviewer)",
        "Criteria met",
        // The reflection rendered, its section checks.
        "id=\"reflection-text\"",
        "<strong>overhead</strong>",
        "Trade-offs",
        // Integrity: the file changed after packing.
        "changed: adder&#x2f;src&#x2f;lib.rs",
    ] {
        assert!(html.contains(expected), "the report lacks {expected:?}");
    }
    // Candidate text from the answers, the reflection and a test's output is shown as text.
    assert!(!html.contains("<script"), "a <script> element reached the report");
    assert!(!html.contains("<img"), "an <img> element reached the report");
    for tag in tags(&html) {
        assert!(!tag.contains("onerror") && !tag.contains("onclick"), "an event handler reached the report: {tag}");
    }
    assert!(html.contains("&lt;script&gt;document.title="), "the injected script should show as text");
    assert!(html.contains("&lt;img src=x onerror="), "the injected handler should show as text");
}

#[test]
fn html_report_makes_no_external_requests() {
    let t = KataTest::new();
    let html = render_html(&t, &[fixture("alice.json")], "alice.html");
    let cohort = render_html(&t, &[fixture("alice.json"), fixture("bob.json"), fixture("carol.json")], "cohort.html");
    for page in [&html, &cohort] {
        assert!(attribute_values(page, "src").is_empty(), "src attributes: {:?}", attribute_values(page, "src"));
        for href in attribute_values(page, "href") {
            // In-page anchors, and on the cohort page each candidate's report beside it.
            let beside = href.starts_with("cohort-reports&#x2f;") && href.ends_with(".html") && !href.contains("..");
            assert!(href.starts_with('#') || (page == &cohort && beside), "link to {href}");
        }
        assert!(!page.contains("url("), "CSS must not load anything");
        assert!(!page.contains("<link"), "no linked resources");
        assert!(page.contains("Content-Security-Policy") && page.contains("default-src &#x27;none&#x27;"));
    }
    // The candidate's image and link show as text only.
    assert!(html.contains("[image: a picture]") && html.contains("A link (javascript:"), "image and link as text");
}

#[test]
fn markdown_report_has_the_same_content_with_html_as_text() {
    let t = KataTest::new();
    let md = t.run(&["report", &fixture("alice.json"), "--format", "md"]).expect_code(0).stdout();
    for expected in [
        "# Mini assessment (test fixture): alice",
        "**Total: 78 / 100**",
        "| Coding katas | 20 / 30 | 66.7% | 40 of 60 |",
        "adds\\_small\\_numbers",
        "**Overridden**: 9 points instead of",
        "### The reflection as written",
        "> I ran the visible tests",
    ] {
        assert!(md.contains(expected), "the Markdown lacks {expected:?}:\n{md}");
    }
    assert!(!md.contains("<script") && !md.contains("<img"), "raw HTML reached the Markdown:\n{md}");
    assert!(md.contains("&lt;script&gt;"), "{md}");
}

#[test]
fn json_format_prints_the_saved_results_unchanged() {
    let t = KataTest::new();
    let json = t.run(&["report", &fixture("alice.json"), "--format", "json"]).expect_code(0).json();
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("alice.json")).unwrap()).unwrap();
    assert_eq!(json, saved);
}

#[test]
fn junit_has_a_test_case_per_hidden_test() {
    let t = KataTest::new();
    let xml = t
        .run(&["report", &fixture("alice.json"), &fixture("bob.json"), &fixture("carol.json"), "--format", "junit"])
        .expect_code(0)
        .stdout();
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites"), "{xml}");
    // Per candidate: the kata, the written answers and the reflection.
    assert_eq!(xml.matches("<testsuite ").count(), 9, "{xml}");
    // Katas: alice 3 tests, bob one "submission" case for the missing kata, carol 3; written:
    // one question and two reflection sections each.
    assert_eq!(xml.matches("<testcase ").count(), 7 + 3 * 3, "{xml}");
    assert!(xml.contains(r#"<testsuite name="bob: written answers" tests="1" failures="1""#), "{xml}");
    assert!(xml.contains(r#"<testcase name="Q1 Adding safely" classname="bob.written-answers""#), "{xml}");
    assert!(xml.contains(r#"<testcase name="Trade-offs" classname="alice.reflection" time="0"></testcase>"#), "{xml}");
    assert!(xml.contains(r#"<testcase name="adds_small_numbers" classname="alice.adder""#), "{xml}");
    assert!(xml.contains(r#"type="failed">&lt;script&gt;"#), "{xml}");
    assert!(xml.contains(r#"<error message="the kata folder is missing from the submission""#), "{xml}");
    assert!(xml.contains(r#"type="compile_error""#) && xml.contains("<system-err>"), "{xml}");
    assert!(!xml.contains("<script"), "{xml}");
}

#[test]
fn text_summary_and_cohort_table() {
    let t = KataTest::new();
    t.run(&["report", &fixture("carol.json")])
        .expect_code(0)
        .stdout_has("Total: 16/100")
        .stdout_has("did not compile")
        .stdout_has("review: states a misconception");
    let table = t
        .run(&["report", &fixture("bob.json"), &fixture("alice.json"), &fixture("carol.json")])
        .expect_code(0)
        .stdout();
    let order: Vec<usize> = ["alice", "carol", "bob"].iter().map(|c| table.find(&format!("\n{c} ")).unwrap()).collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "best total first:\n{table}");
}

#[test]
fn cohort_page_sets_candidates_side_by_side_best_first() {
    let t = KataTest::new();
    let html = render_html(&t, &[fixture("bob.json"), fixture("carol.json"), fixture("alice.json")], "cohort.html");
    assert!(html.contains("<title>Cohort: Mini assessment (test fixture) (3 candidates)</title>"), "{html}");
    let rows: Vec<usize> = ["<strong>alice</strong>", "<strong>carol</strong>", "<strong>bob</strong>"]
        .iter()
        .map(|c| html.find(c).unwrap_or_else(|| panic!("no row {c}")))
        .collect();
    assert!(rows.windows(2).all(|w| w[0] < w[1]), "rows are not best first");
    for column in ["Total", "Coding katas", "Written answers", "Reflection", ">adder<"] {
        assert!(html.contains(column), "no column {column}");
    }
    assert!(html.contains(r#"data-sort="78.0""#) && html.contains("78&#x2f;100"), "alice's total");
    assert!(html.contains("script-src &#x27;sha256-"), "the sort script is allowed by its hash only");
}

#[test]
fn cohort_names_link_to_each_candidates_report_beside_the_page() {
    let t = KataTest::new();
    let html = render_html(&t, &[fixture("alice.json"), fixture("bob.json"), fixture("carol.json")], "cohort.html");
    for name in ["alice", "bob", "carol"] {
        let link =
            format!(r#"<a class="candidate" href="cohort-reports&#x2f;{name}.html"><strong>{name}</strong></a>"#);
        assert!(html.contains(&link), "no link {link}");
        let report = std::fs::read_to_string(t.path().join("cohort-reports").join(format!("{name}.html"))).unwrap();
        assert!(report.contains(&format!(r#"<strong id="candidate">{name}</strong>"#)), "{name}'s report");
    }
    assert!(!html.contains(r#"id="mixed""#), "one assessment is not a mix");
}

/// Results of different assessments are not ranked together: a warning, one table each.
#[test]
fn a_cohort_mixing_assessments_says_so_and_ranks_each_apart() {
    let t = KataTest::new();
    let mut other: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("carol.json")).unwrap()).unwrap();
    other["assessment"] = "other".into();
    other["assessment_title"] = "Another assessment".into();
    std::fs::write(t.path().join("other.json"), other.to_string()).unwrap();
    let other = t.path().join("other.json").to_str().unwrap().to_string();
    let html = render_html(&t, &[fixture("bob.json"), other.clone(), fixture("alice.json")], "cohort.html");
    assert!(html.contains(r#"id="mixed""#) && html.contains("2 different assessments"), "no warning:\n{html}");
    assert!(html.contains("<title>Cohort: several assessments (3 candidates)</title>"));
    // The bigger group first, alice above bob; carol alone in the other table.
    let at = |s: &str| html.find(s).unwrap_or_else(|| panic!("no {s}"));
    assert!(at(r#"id="cohort-mini""#) < at("<strong>alice</strong>"));
    assert!(at("<strong>alice</strong>") < at("<strong>bob</strong>"));
    assert!(at("<strong>bob</strong>") < at(r#"id="cohort-other""#));
    assert!(at(r#"id="cohort-other""#) < at("<strong>carol</strong>"));
    let text = t.run(&["report", &fixture("alice.json"), &other]).expect_code(0).stdout();
    assert!(text.contains("WARNING: These results come from 2 different assessments"), "{text}");
    let md = t.run(&["report", &fixture("alice.json"), &other, "--format", "md"]).expect_code(0).stdout();
    assert!(md.contains("**Warning: different assessments.**"), "{md}");
}

#[test]
fn merging_keeps_one_result_per_submission() {
    let t = KataTest::new();
    let dir = t.path().join("shard");
    std::fs::create_dir(&dir).unwrap();
    std::fs::copy(fixture("alice.json"), dir.join("alice.json")).unwrap();
    std::fs::copy(fixture("bob.json"), dir.join("bob.json")).unwrap();
    let run = t.run(&["report", "shard", &fixture("alice.json"), &fixture("carol.json"), "--merge", "all.json"]);
    run.expect_code(0).stderr_has("is in both").stderr_has("merged 3 results into all.json");
    let merged: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(t.path().join("all.json")).unwrap()).unwrap();
    let candidates: Vec<&str> = merged.as_array().unwrap().iter().map(|r| r["candidate"].as_str().unwrap()).collect();
    assert_eq!(candidates, ["alice", "bob", "carol"]);
    // A merged file is itself a results file.
    t.run(&["report", "all.json", "--format", "json"]).expect_code(0);
}

#[test]
fn templates_can_be_replaced_file_by_file() {
    let t = KataTest::new();
    std::fs::create_dir(t.path().join("mine")).unwrap();
    std::fs::write(
        t.path().join("mine/report.md"),
        "Candidate {{ report.candidate }} scored {{ report.total.score }}.\n",
    )
    .unwrap();
    t.run(&["report", &fixture("alice.json"), "--format", "md", "--templates", "mine"])
        .expect_code(0)
        .stdout_has("Candidate alice scored 78.");
}

#[test]
fn not_a_results_file_is_a_clear_error() {
    let t = KataTest::new();
    std::fs::write(t.path().join("x.json"), "{\"hello\": 1}").unwrap();
    t.run(&["report", "x.json"]).expect_code(2).stderr_has("x.json: not a kata results file");
}

// ---------------------------------------------------------------------------------------------
// In a browser.

/// Headless Chromium with no network, profile or first-run noise.
fn chromium(profile: &Path) -> Option<Command> {
    let found = std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).any(|dir| dir.join("chromium").is_file()))
        .unwrap_or(false);
    if !found {
        // CI installs it (.ci/run), so there a missing browser is a broken setup, not a skip.
        assert!(std::env::var_os("CI").is_none(), "`chromium` is not on PATH in CI; .ci/run should have installed it");
        eprintln!("NOTICE: `chromium` is not on PATH; skipping the browser check (.ci/run installs it)");
        return None;
    }
    let mut cmd = Command::new("chromium");
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--enable-logging=stderr",
        "--v=0",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    Some(cmd)
}

/// The DOM after scripts ran, and the console messages the page produced.
fn dump_dom(page: &Path) -> Option<(String, Vec<String>)> {
    let profile = tempfile::tempdir().unwrap();
    let output =
        chromium(profile.path())?.arg("--dump-dom").arg(format!("file://{}", page.display())).output().unwrap();
    assert!(output.status.success(), "chromium failed: {}", String::from_utf8_lossy(&output.stderr));
    let console = String::from_utf8_lossy(&output.stderr)
        .lines()
        .filter(|l| l.contains(":CONSOLE"))
        .map(str::to_string)
        .collect();
    Some((String::from_utf8_lossy(&output.stdout).into_owned(), console))
}

/// Keeps a screenshot under target/report-artifacts/ for people to look at.
fn screenshot(page: &Path, name: &str, size: &str) {
    let profile = tempfile::tempdir().unwrap();
    let Some(mut cmd) = chromium(profile.path()) else { return };
    let dir = repo().join("target/report-artifacts");
    std::fs::create_dir_all(&dir).unwrap();
    let png: PathBuf = dir.join(name);
    let _ = std::fs::remove_file(&png);
    let output = cmd
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("--window-size={size}"))
        .arg("--hide-scrollbars")
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    assert!(output.status.success() && png.is_file(), "no screenshot: {}", String::from_utf8_lossy(&output.stderr));
    std::fs::copy(page, dir.join(name.replace(".png", ".html"))).unwrap();
}

/// How a page lays out in a viewport `width` CSS pixels wide.
#[derive(Debug)]
struct Layout {
    /// `document.documentElement.scrollWidth`: the page's width, overflow included.
    scroll_width: u32,
    /// `window.innerWidth`: the viewport's.
    inner_width: u32,
    /// `document.documentElement.scrollHeight`.
    scroll_height: u32,
    /// Elements sticking out to the right (outside boxes that scroll on their own).
    overflowing: String,
}

/// What the measuring copy of a page runs once loaded: its widths, and what sticks out.
const MEASURE_SCRIPT: &str = r#"<script>addEventListener("load", function () {
  var d = document.documentElement, out = [];
  document.querySelectorAll("body *").forEach(function (e) {
    if (e.getBoundingClientRect().right <= d.clientWidth + 0.5) { return; }
    for (var p = e.parentElement; p && p !== document.body; p = p.parentElement) {
      if (p.classList.contains("scroll")) { return; }
    }
    out.push(e.tagName.toLowerCase() + "." + (e.getAttribute("class") || "") + " " + Math.round(e.getBoundingClientRect().right));
  });
  parent.postMessage({ scroll: d.scrollWidth, inner: innerWidth, height: d.scrollHeight, over: out.slice(0, 12).join(", ") }, "*");
});</script>"#;

/// The frame page: shows `{page}` in a frame `{width}` px wide, and writes what the frame's
/// script reports into its own DOM, where `--dump-dom` prints it.
const FRAME_PAGE: &str = r#"<!DOCTYPE html><html><body style="margin:0">
<iframe src="{page}" style="border:0;display:block;width:{width}px;height:{height}px"></iframe>
<script>addEventListener("message", function (e) {
  var p = document.createElement("p");
  p.id = "layout";
  p.setAttribute("data-scroll", e.data.scroll);
  p.setAttribute("data-inner", e.data.inner);
  p.setAttribute("data-height", e.data.height);
  p.textContent = e.data.over;
  document.body.appendChild(p);
});</script></body></html>"#;

/// Lays `page` out in Chromium `width` px wide. Headless windows are at least 500 px wide, so
/// the page loads in a frame of the exact width, in a copy without its Content-Security-Policy
/// (which would refuse the measuring script) and otherwise byte for byte the same.
fn layout(page: &Path, width: u32) -> Option<Layout> {
    let html = std::fs::read_to_string(page).unwrap();
    let csp = html.find("<meta http-equiv=\"Content-Security-Policy\"").expect("the page has a CSP");
    let end = csp + html[csp..].find('>').unwrap() + 1;
    let measured = format!("{}{}", &html[..csp], &html[end..]).replace("</body>", &format!("{MEASURE_SCRIPT}</body>"));
    let stem = page.file_stem().unwrap().to_str().unwrap();
    let copy = page.with_file_name(format!("{stem}-measured-{width}.html"));
    std::fs::write(&copy, measured).unwrap();
    let frame = page.with_file_name(format!("{stem}-frame-{width}.html"));
    let frame_html = FRAME_PAGE
        .replace("{page}", copy.file_name().unwrap().to_str().unwrap())
        .replace("{width}", &width.to_string())
        .replace("{height}", "900");
    std::fs::write(&frame, frame_html).unwrap();
    let profile = tempfile::tempdir().unwrap();
    let output = chromium(profile.path())?
        .args(["--window-size=1400,1000", "--hide-scrollbars", "--virtual-time-budget=5000", "--dump-dom"])
        .arg(format!("file://{}", frame.display()))
        .output()
        .unwrap();
    assert!(output.status.success(), "chromium failed: {}", String::from_utf8_lossy(&output.stderr));
    let dom = String::from_utf8_lossy(&output.stdout).into_owned();
    let at = dom.find(r#"<p id="layout""#).unwrap_or_else(|| panic!("the measuring script did not report:\n{dom}"));
    let p = &dom[at..at + dom[at..].find("</p>").unwrap()];
    let number = |attr: &str| -> u32 { attribute_values(p, attr)[0].parse().unwrap() };
    Some(Layout {
        scroll_width: number("data-scroll"),
        inner_width: number("data-inner"),
        scroll_height: number("data-height"),
        overflowing: p[p.find('>').unwrap() + 1..].to_string(),
    })
}

/// Keeps a screenshot of `page` as laid out `width` px wide, whole (`height` px), under
/// target/report-artifacts/.
fn screenshot_at(page: &Path, name: &str, width: u32, height: u32) {
    let stem = page.file_stem().unwrap().to_str().unwrap();
    let frame = page.with_file_name(format!("{stem}-shot-{width}.html"));
    let copy = format!("{stem}-measured-{width}.html");
    let frame_html = FRAME_PAGE
        .replace("{page}", &copy)
        .replace("{width}", &width.to_string())
        .replace("{height}", &height.to_string());
    std::fs::write(&frame, frame_html).unwrap();
    screenshot(&frame, name, &format!("{width},{height}"));
    // Beside the picture, the page itself rather than its frame.
    std::fs::copy(page, repo().join("target/report-artifacts").join(name.replace(".png", ".html"))).unwrap();
}

/// Wide tables and charts scroll in their own boxes, names and messages wrap: neither report
/// nor cohort page is wider than a phone's (420 px) or a laptop's (1280 px) viewport.
#[test]
fn chromium_lays_reports_out_without_sideways_scrolling_at_420_and_1280_px() {
    let t = KataTest::new();
    render_html(&t, &[fixture("alice.json")], "alice.html");
    render_html(&t, &[fixture("ada-backend.json")], "ada.html");
    let everyone = ["alice.json", "bob.json", "carol.json", "ada-backend.json"].map(fixture);
    render_html(&t, &everyone, "cohort.html");
    let mut figures = Vec::new();
    for page in ["alice", "ada", "cohort"] {
        for width in [420, 1280] {
            let Some(l) = layout(&t.path().join(format!("{page}.html")), width) else { return };
            assert_eq!(l.inner_width, width, "the frame is not {width} px wide");
            assert!(
                l.scroll_width <= l.inner_width,
                "{page}.html at {width} px is {} px wide; sticking out: {}",
                l.scroll_width,
                l.overflowing
            );
            figures.push(format!("{page} at {width}: scrollWidth {} <= innerWidth {}", l.scroll_width, l.inner_width));
            if page != "alice" {
                screenshot_at(
                    &t.path().join(format!("{page}.html")),
                    &format!("{page}-{width}.png"),
                    width,
                    l.scroll_height.min(4000),
                );
            }
        }
    }
    eprintln!("{}", figures.join("\n"));
}

/// The pages of the PDF Chromium prints `page` to.
fn printed_pages(page: &Path) -> Option<usize> {
    let profile = tempfile::tempdir().unwrap();
    let pdf = page.with_extension("pdf");
    let output = chromium(profile.path())?
        .arg("--no-pdf-header-footer")
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    assert!(output.status.success() && pdf.is_file(), "no PDF: {}", String::from_utf8_lossy(&output.stderr));
    let bytes = std::fs::read(&pdf).unwrap();
    // Every page object says `/Type /Page`; the page tree says `/Type /Pages`.
    let needle = b"/Type /Page";
    let pages = bytes
        .windows(needle.len())
        .enumerate()
        .filter(|(i, w)| w == needle && bytes.get(i + needle.len()) != Some(&b's'))
        .count();
    Some(pages)
}

/// Printed, the report opens with a one-page summary (candidate, parts, katas, requirements
/// missed, review flags); the details start on the next page. The summary alone prints on one
/// page, and the full report breaks the page right after it.
#[test]
fn chromium_prints_the_summary_alone_on_the_first_page() {
    let t = KataTest::new();
    for (fixture_name, page) in [("alice.json", "alice"), ("ada-backend.json", "ada")] {
        let html = render_html(&t, &[fixture(fixture_name)], &format!("{page}.html"));
        assert!(html.contains(r#"id="summary-missed""#) || page == "alice", "{page}: no requirements in the summary");
        assert!(html.contains(r#"id="summary-flags""#), "{page}: no review flags in the summary");
        let start = html.find(r#"<section id="summary">"#).unwrap();
        let end = start + html[start..].find("</section>").unwrap() + "</section>".len();
        let summary_only = format!("{}</main></body></html>", &html[..end]);
        let summary_page = t.path().join(format!("{page}-summary.html"));
        std::fs::write(&summary_page, summary_only).unwrap();
        let Some(summary) = printed_pages(&summary_page) else { return };
        assert_eq!(summary, 1, "{page}: the summary takes {summary} printed pages");
        let all = printed_pages(&t.path().join(format!("{page}.html"))).unwrap();
        assert!(all > 1, "{page}: the details should follow the summary on later pages");
        eprintln!("{page}: summary 1 page, whole report {all} pages");
    }
    let css = std::fs::read_to_string(repo().join("templates/report.css")).unwrap();
    assert!(css.contains("#summary { break-after: page; }"), "the summary no longer ends its page");
}

#[test]
fn chromium_shows_the_report_and_runs_no_injected_script() {
    let t = KataTest::new();
    render_html(&t, &[fixture("alice.json")], "alice.html");
    let page = t.path().join("alice.html");
    let Some((dom, console)) = dump_dom(&page) else { return };
    assert!(console.is_empty(), "the page logged errors or blocked content:\n{}", console.join("\n"));
    // The injected scripts would have set the title; it is unchanged, and no element came in.
    assert!(dom.contains("<title>alice: Mini assessment (test fixture)</title>"), "title changed:\n{dom}");
    assert!(!dom.contains("PWNED</title>"));
    assert!(!dom.contains("<script") && !dom.contains("<img"), "an injected element is in the DOM");
    assert!(dom.contains("&lt;script&gt;document.title="), "the injected text is visible as text");
    assert!(dom.contains(r#"id="total">78</div>"#), "the total is shown");
    for section in [
        r#"id="summary""#,
        r#"id="checks""#,
        r#"id="katas""#,
        r#"id="answers""#,
        r#"id="reflection""#,
        r#"id="kata-adder""#,
        r#"id="question-q1""#,
    ] {
        assert!(dom.contains(section), "section {section} is missing");
    }
    screenshot(&page, "report.png", "1280,2400");
}

#[test]
fn chromium_runs_the_cohort_sort_script_and_nothing_else() {
    let t = KataTest::new();
    render_html(&t, &[fixture("alice.json"), fixture("bob.json"), fixture("carol.json")], "cohort.html");
    let page = t.path().join("cohort.html");
    let Some((dom, console)) = dump_dom(&page) else { return };
    assert!(console.is_empty(), "the page logged errors or blocked content:\n{}", console.join("\n"));
    assert!(dom.contains(r#"data-sortable="ready""#), "the sort script did not run (CSP hash?)");
    assert!(dom.contains("<strong>alice</strong>") && dom.contains("<strong>carol</strong>"));
    screenshot(&page, "cohort.png", "1280,900");
}

/// Reports and results files are the user's files: 0666 less the umask, like any program's
/// output, not a temp file's 0600.
#[cfg(unix)]
#[test]
fn written_files_follow_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let t = KataTest::new();
    let kata = env!("CARGO_BIN_EXE_kata");
    let script =
        format!("umask 022 && '{kata}' report '{}' --html report.html --merge merged.json", fixture("alice.json"));
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(&script)
        .current_dir(t.path())
        .env("TMPDIR", t.tmp.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for file in ["report.html", "merged.json"] {
        let mode = std::fs::metadata(t.path().join(file)).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o644, "{file} is {mode:o}");
    }
}
