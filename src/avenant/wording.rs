pub fn _todo(){}
