//! Hidden suite: the event bus delivers to live subscribers only, and a subscription keeps
//! what it was sent.

#[macro_use]
extern crate kata_harness;

use memory_leak::EventBus;

kata_test! {
    fn dropped_subscription_stops_delivery() {
        let bus: EventBus<String> = EventBus::new();
        let a = bus.subscribe();
        let b = bus.subscribe();
        let c = bus.subscribe();
        assert_eq!(bus.subscriber_count(), 3);
        assert_eq!(bus.publish("p1".to_string()), 3);
        assert_eq!(b.drain(), vec!["p1".to_string()]);
        drop(b);
        assert_eq!(bus.subscriber_count(), 2, "a dropped subscription no longer counts");
        assert_eq!(bus.publish("p2".to_string()), 2, "a dropped subscription receives nothing");
        c.unsubscribe();
        assert_eq!(bus.subscriber_count(), 1, "an unsubscribed subscription no longer counts");
        assert_eq!(bus.publish("p3".to_string()), 1);
        let d = bus.subscribe();
        assert_eq!(bus.publish("p4".to_string()), 2);
        assert_eq!(a.pending(), 4);
        assert_eq!(a.drain(), vec!["p1", "p2", "p3", "p4"], "events arrive in publish order");
        assert_eq!(a.pending(), 0);
        assert_eq!(a.drain(), Vec::<String>::new());
        assert_eq!(d.drain(), vec!["p4".to_string()], "a new subscriber sees only later events");
        drop(a);
        drop(d);
        assert_eq!(bus.subscriber_count(), 0);
        assert_eq!(bus.publish("p5".to_string()), 0);
    }
}

kata_test! {
    fn subscription_outlives_bus() {
        let bus: EventBus<String> = EventBus::new();
        let first = bus.subscribe();
        let second = bus.subscribe();
        bus.publish("open 101.5".to_string());
        bus.publish("close 102.0".to_string());
        assert_eq!(first.drain(), vec!["open 101.5".to_string(), "close 102.0".to_string()]);
        bus.publish("halt".to_string());
        drop(bus);
        assert_eq!(first.pending(), 1, "events sent before the bus went away stay pending");
        assert_eq!(first.drain(), vec!["halt".to_string()]);
        assert_eq!(second.pending(), 3);
        assert_eq!(second.drain(), vec!["open 101.5", "close 102.0", "halt"]);
        assert_eq!(second.drain(), Vec::<String>::new());
        second.unsubscribe();
        drop(first);
    }
}
