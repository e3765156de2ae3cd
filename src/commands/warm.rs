//! `kata warm`: compiles every kata's dependencies and reference tests into the cache ahead of
//! time (before an interview day, or while building a CI image), all katas at once, so the
//! first grade of the day does not wait for tokio to compile.

use std::time::Instant;

use crate::cli::WarmArgs;
use crate::coding::cache::WarmTarget;
use crate::content::Content;
use crate::error::exit_codes;

pub(crate) fn run(content: &Content, args: WarmArgs) -> anyhow::Result<u8> {
    let settings = super::settings(&args.run)?;
    // Like `kata verify`: with folders of one's own (--katas), those are what is warmed.
    let ids = match (args.ids.is_empty(), content.katas.own > 0) {
        (false, _) => args.ids.clone(),
        (true, true) => crate::kata::own_ids(&content.katas)?,
        (true, false) => crate::kata::ids(&content.katas)?,
    };
    let katas = ids.iter().map(|id| super::load_kata(content, id)).collect::<anyhow::Result<Vec<_>>>()?;
    let total = katas.len();
    let started = Instant::now();
    let bar = super::progress_drawn().then(|| {
        let bar = indicatif::ProgressBar::new(katas.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} warming {pos}/{len} katas {elapsed_precise} {wide_msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        bar
    });
    let in_flight = std::sync::Mutex::new(Vec::<String>::new());
    let done = std::sync::atomic::AtomicUsize::new(0);
    let line = |text: String| match &bar {
        Some(bar) => bar.println(text),
        None => eprintln!("{text}"),
    };
    let show = |names: &[String]| {
        if let Some(bar) = &bar {
            bar.set_message(if names.is_empty() { String::new() } else { format!("building {}", names.join(", ")) });
        }
    };
    // Every kata on its own thread: each build takes one CPU slot, so at most --jobs run at once.
    let failures: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = katas
            .iter()
            .map(|kata| {
                let (in_flight, done, line, show, bar) = (&in_flight, &done, &line, &show, &bar);
                scope.spawn(move || {
                    let id = kata.id().to_string();
                    {
                        let mut names = in_flight.lock().unwrap_or_else(|e| e.into_inner());
                        names.push(id.clone());
                        show(&names);
                    }
                    let began = Instant::now();
                    let outcome = WarmTarget::prepare(kata, &content.harness, settings.offline, false);
                    let n = done.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
                    let mut names = in_flight.lock().unwrap_or_else(|e| e.into_inner());
                    names.retain(|n| n != &id);
                    show(&names);
                    let prefix = if bar.is_some() { String::new() } else { format!("[{n}/{total}] ") };
                    match outcome {
                        Ok((warm, built)) => {
                            let how = if built {
                                format!("built in {:.1} s", began.elapsed().as_secs_f64())
                            } else {
                                "already warm".to_string()
                            };
                            line(format!("{prefix}{id:<16} {how} ({})", warm.dir.display()));
                            if let Some(bar) = bar {
                                bar.inc(1);
                            }
                            None
                        }
                        Err(err) => {
                            line(format!("{prefix}{id:<16} FAILED: {err:#}"));
                            if let Some(bar) = bar {
                                bar.inc(1);
                            }
                            Some(id)
                        }
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .filter_map(|h| h.join().unwrap_or_else(|_| Some("a warming thread panicked".into())))
            .collect()
    });
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let warmed = katas.len() - failures.len();
    eprintln!(
        "{warmed} of {} katas warm in {:.1} s; the cache is {}",
        katas.len(),
        started.elapsed().as_secs_f64(),
        crate::util::fs::cache_dir().display()
    );
    if failures.is_empty() {
        Ok(exit_codes::OK)
    } else {
        anyhow::bail!("could not warm: {}", failures.join(", "))
    }
}
