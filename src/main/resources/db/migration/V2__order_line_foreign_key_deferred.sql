-- Checked at commit rather than per statement, so Hibernate may batch inserts table by table (hibernate.order_inserts)
-- and write a batch's lines before the summaries they belong to.
ALTER TABLE ${schema}.order_line ALTER CONSTRAINT order_line_order_id_fkey DEFERRABLE INITIALLY DEFERRED;
