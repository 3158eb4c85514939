//! Where a leader at one census was at the next (DESIGN.md, Definitions: Retention):
//! the five transitions, and leaders counted by them. Shared by the panel's counting
//! and the retention cells.

/// Where a leader at census y was at census y+1 (DESIGN.md, Definitions: Retention).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Transition {
    StayedInPost,
    MovedSchoolSameRole,
    Promoted,
    OtherLeadershipRole,
    LeftLeadership,
}

impl Transition {
    /// In table order.
    pub const ALL: [Transition; 5] = [
        Transition::StayedInPost,
        Transition::MovedSchoolSameRole,
        Transition::Promoted,
        Transition::OtherLeadershipRole,
        Transition::LeftLeadership,
    ];

    /// The indicator that counts it.
    pub fn column(self) -> &'static str {
        match self {
            Transition::StayedInPost => "stayed_in_post_count",
            Transition::MovedSchoolSameRole => "moved_school_same_role_count",
            Transition::Promoted => "promoted_count",
            Transition::OtherLeadershipRole => "other_leadership_role_count",
            Transition::LeftLeadership => "left_leadership_count",
        }
    }

    /// Whether the leader is still in the same role (at any school).
    pub fn is_retained_in_role(self) -> bool {
        matches!(
            self,
            Transition::StayedInPost | Transition::MovedSchoolSameRole
        )
    }
}

/// Leaders counted by where they were at the next census.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Transitions([u64; 5]);

impl Transitions {
    pub fn get(&self, t: Transition) -> u64 {
        self.0[t as usize]
    }

    pub fn add(&mut self, t: Transition, n: u64) {
        self.0[t as usize] += n;
    }

    /// Every leader counted, whatever their transition.
    pub fn leaders(&self) -> u64 {
        self.0.iter().sum()
    }
}
