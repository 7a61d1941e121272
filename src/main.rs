fn main() {
    status_widget::start();
}
