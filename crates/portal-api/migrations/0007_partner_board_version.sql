-- Bumped by every change to what one partner's board is computed from besides the jobs
-- (board_version) and the clock: the partner (capabilities, activation, currency), its decisions
-- and views (R-JOB-3), and the facts of its score and standing (orders, lines, shipments,
-- check-ins; R-JOB-5, R-JOB-7), and by a new score policy (every partner's bonus). A cached board
-- stays right however a change is made, as with board_version. A migration that rebuilds one of
-- these tables must create its triggers again.
CREATE TABLE partner_board_version (
    partner_id INTEGER PRIMARY KEY REFERENCES partners (id) ON DELETE CASCADE,
    version    INTEGER NOT NULL DEFAULT 0
);
INSERT INTO partner_board_version (partner_id) SELECT id FROM partners;

CREATE TRIGGER partner_board_added AFTER INSERT ON partners BEGIN
    INSERT INTO partner_board_version (partner_id) VALUES (NEW.id);
END;
CREATE TRIGGER partner_board_partner AFTER UPDATE ON partners BEGIN
    UPDATE partner_board_version SET version = version + 1 WHERE partner_id IN (OLD.id, NEW.id);
END;

CREATE TRIGGER partner_board_decision_added AFTER INSERT ON job_decisions BEGIN
    UPDATE partner_board_version SET version = version + 1 WHERE partner_id = NEW.partner_id;
END;
CREATE TRIGGER partner_board_decision_changed AFTER UPDATE ON job_decisions BEGIN
    UPDATE partner_board_version SET version = version + 1 WHERE partner_id IN (OLD.partner_id, NEW.partner_id);
END;
CREATE TRIGGER partner_board_decision_removed AFTER DELETE ON job_decisions BEGIN
    UPDATE partner_board_version SET version = version + 1 WHERE partner_id = OLD.partner_id;
END;

-- R-ORD-7: a handed-back job returns only to partners who had not seen it.
CREATE TRIGGER partner_board_view_added AFTER INSERT ON job_views BEGIN
    UPDATE partner_board_version SET version = version + 1 WHERE partner_id = NEW.partner_id;
END;
CREATE TRIGGER partner_board_view_changed AFTER UPDATE ON job_views BEGIN
    UPDATE partner_board_version SET version = version + 1 WHERE partner_id IN (OLD.partner_id, NEW.partner_id);
END;
CREATE TRIGGER partner_board_view_removed AFTER DELETE ON job_views BEGIN
    UPDATE partner_board_version SET version = version + 1 WHERE partner_id = OLD.partner_id;
END;

CREATE TRIGGER partner_board_order_added AFTER INSERT ON orders BEGIN
    UPDATE partner_board_version SET version = version + 1 WHERE partner_id = NEW.partner_id;
END;
CREATE TRIGGER partner_board_order_changed AFTER UPDATE ON orders BEGIN
    UPDATE partner_board_version SET version = version + 1 WHERE partner_id IN (OLD.partner_id, NEW.partner_id);
END;
CREATE TRIGGER partner_board_order_removed AFTER DELETE ON orders BEGIN
    UPDATE partner_board_version SET version = version + 1 WHERE partner_id = OLD.partner_id;
END;

CREATE TRIGGER partner_board_line_added AFTER INSERT ON order_lines BEGIN
    UPDATE partner_board_version SET version = version + 1
    WHERE partner_id = (SELECT partner_id FROM orders WHERE id = NEW.order_id);
END;
CREATE TRIGGER partner_board_line_changed AFTER UPDATE ON order_lines BEGIN
    UPDATE partner_board_version SET version = version + 1
    WHERE partner_id IN (SELECT partner_id FROM orders WHERE id IN (OLD.order_id, NEW.order_id));
END;
CREATE TRIGGER partner_board_line_removed AFTER DELETE ON order_lines BEGIN
    UPDATE partner_board_version SET version = version + 1
    WHERE partner_id = (SELECT partner_id FROM orders WHERE id = OLD.order_id);
END;

CREATE TRIGGER partner_board_shipment_added AFTER INSERT ON shipments BEGIN
    UPDATE partner_board_version SET version = version + 1 WHERE partner_id = NEW.partner_id;
END;
CREATE TRIGGER partner_board_shipment_changed AFTER UPDATE ON shipments BEGIN
    UPDATE partner_board_version SET version = version + 1 WHERE partner_id IN (OLD.partner_id, NEW.partner_id);
END;
CREATE TRIGGER partner_board_shipment_removed AFTER DELETE ON shipments BEGIN
    UPDATE partner_board_version SET version = version + 1 WHERE partner_id = OLD.partner_id;
END;

CREATE TRIGGER partner_board_shipped_line_added AFTER INSERT ON shipment_lines BEGIN
    UPDATE partner_board_version SET version = version + 1
    WHERE partner_id = (SELECT partner_id FROM shipments WHERE id = NEW.shipment_id);
END;
CREATE TRIGGER partner_board_shipped_line_changed AFTER UPDATE ON shipment_lines BEGIN
    UPDATE partner_board_version SET version = version + 1
    WHERE partner_id IN (SELECT partner_id FROM shipments WHERE id IN (OLD.shipment_id, NEW.shipment_id));
END;
CREATE TRIGGER partner_board_shipped_line_removed AFTER DELETE ON shipment_lines BEGIN
    UPDATE partner_board_version SET version = version + 1
    WHERE partner_id = (SELECT partner_id FROM shipments WHERE id = OLD.shipment_id);
END;

CREATE TRIGGER partner_board_check_in_added AFTER INSERT ON check_in_answers BEGIN
    UPDATE partner_board_version SET version = version + 1
    WHERE partner_id = (SELECT partner_id FROM orders WHERE id = NEW.order_id);
END;
CREATE TRIGGER partner_board_check_in_changed AFTER UPDATE ON check_in_answers BEGIN
    UPDATE partner_board_version SET version = version + 1
    WHERE partner_id IN (SELECT partner_id FROM orders WHERE id IN (OLD.order_id, NEW.order_id));
END;
CREATE TRIGGER partner_board_check_in_removed AFTER DELETE ON check_in_answers BEGIN
    UPDATE partner_board_version SET version = version + 1
    WHERE partner_id = (SELECT partner_id FROM orders WHERE id = OLD.order_id);
END;

-- R-PSS-7: a new policy can change every partner's bonus.
CREATE TRIGGER partner_board_policy_added AFTER INSERT ON score_policies BEGIN
    UPDATE partner_board_version SET version = version + 1;
END;
CREATE TRIGGER partner_board_policy_changed AFTER UPDATE ON score_policies BEGIN
    UPDATE partner_board_version SET version = version + 1;
END;
CREATE TRIGGER partner_board_policy_removed AFTER DELETE ON score_policies BEGIN
    UPDATE partner_board_version SET version = version + 1;
END;
