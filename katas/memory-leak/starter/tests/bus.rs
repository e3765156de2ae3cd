//! Visible tests for the event bus. The hidden suite checks much more.

use memory_leak::{EventBus, Subscription};

#[test]
fn every_subscriber_receives_each_event() {
    let bus = EventBus::new();
    let a = bus.subscribe();
    let b = bus.subscribe();
    assert_eq!(bus.publish("AAPL 189.20"), 2);
    assert_eq!(bus.publish("MSFT 415.10"), 2);
    assert_eq!(a.pending(), 2);
    assert_eq!(a.drain(), vec!["AAPL 189.20", "MSFT 415.10"]);
    assert_eq!(a.pending(), 0);
    assert_eq!(b.drain(), vec!["AAPL 189.20", "MSFT 415.10"]);
}

#[test]
fn dropping_a_subscription_stops_delivery() {
    let bus = EventBus::new();
    let stays = bus.subscribe();
    let leaves = bus.subscribe();
    drop(leaves);
    assert_eq!(bus.subscriber_count(), 1);
    assert_eq!(bus.publish(42), 1);
    assert_eq!(stays.drain(), vec![42]);
}

#[test]
fn bus_and_subscriptions_can_be_shared_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<EventBus<String>>();
    assert_send_sync::<Subscription<String>>();

    let bus = EventBus::new();
    let subscription = bus.subscribe();
    std::thread::scope(|scope| {
        scope.spawn(|| {
            for i in 0..100 {
                bus.publish(i);
            }
        });
    });
    assert_eq!(subscription.drain(), (0..100).collect::<Vec<_>>());
}
